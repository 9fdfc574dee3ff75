package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Descriptors a program opens before its checkpoint (issue 16): files open for writing are
 * shared by every copy, as fork's children share them; read-only ones are read from the
 * checkpoint's offset in every copy; a connection to another process calls the checkpoint off;
 * a file changed after the checkpoint makes a new one; deleteOnExit files live as long as the
 * generation. A pool's first call runs the program itself, as plain java (its own descriptors);
 * the checkpoint is built after it, from an initialisation of its own, and serves later calls.
 */
@RequiresCriu
class HeldDescriptorsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    private Jprefork.Result call(Jprefork j, String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of("-U", "java", "Held.java"));
        words.addAll(List.of(args));
        return j.run(words.toArray(String[]::new));
    }

    private static void assertClean(Jprefork.Result r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    @Test
    void aLogOpenedInTheInitialisationHoldsEveryCopysLineInOrder() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "log");
        assertClean(call(j, "1"));
        assertEquals("init\ncall 1\n", Files.readString(ws.work.resolve("app.log")), "the first call, as plain java");
        ws.awaitImage();
        for (int i = 2; i <= 4; i++) {
            assertClean(call(j, Integer.toString(i)));
        }
        // The template's initialisation made the file anew (as a plain run would); every copy
        // writes through that one open file description.
        assertEquals("init\ncall 2\ncall 3\ncall 4\n", Files.readString(ws.work.resolve("app.log")));
        String log = ws.poolLog();
        assertTrue(log.matches("(?s).*generation 1: fd \\d+: " + ws.work.resolve("app.log")
                + ", regular file, write-only; shared by every copy of the generation\n.*"), log);
        assertFalse(log.contains("generation 2"), "one checkpoint served every call:\n" + log);
        assertFalse(log.contains("ERROR"), log);
    }

    @Test
    void eightParallelCallersWritingThroughOneNonAppendingStreamLoseNoLine() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "lines");
        assertClean(call(j, "0", "none"));
        ws.awaitImage();
        List<CompletableFuture<Jprefork.Result>> calls = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            String tag = "caller-" + c;
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call(j, "500", tag);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Jprefork.Result> f : calls) {
            assertClean(f.join());
        }
        List<String> lines = Files.readAllLines(ws.work.resolve("out.log"));
        assertEquals(4000, lines.size());
        Map<String, Integer> next = new HashMap<>();
        for (String line : lines) {
            assertTrue(line.matches("caller-[0-7] line \\d+ of a call that writes many lines through one stream"),
                    "a torn or overwritten line: [" + line + "]");
            String tag = line.substring(0, line.indexOf(' '));
            int n = Integer.parseInt(line.split(" ")[2]);
            assertEquals(next.getOrDefault(tag, 0), n, "each caller's lines in order: " + line);
            next.put(tag, n + 1);
        }
        assertEquals(8, next.size());
        assertFalse(ws.poolLog().contains("reloading"), "copies writing are no change to the file:\n" + ws.poolLog());
    }

    @Test
    void aFileOpenForReadingIsReadFromTheCheckpointsOffsetInEveryCall() throws Exception {
        Files.writeString(ws.work.resolve("data.txt"), "01234ABCDEfghij");
        Jprefork j = ws.jprefork().env("MODE", "read");
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = call(j, Integer.toString(i));
            assertClean(r);
            assertEquals("ABCDE\n", r.out(), r.toString());
            if (i == 0) {
                ws.awaitImage();
            }
        }
        assertTrue(ws.poolLog().contains(ws.work.resolve("data.txt") + ", regular file, read-only at offset 5; "
                + "each copy reads on from the checkpoint's offset"), ws.poolLog());
    }

    @Test
    void aConnectionToAnotherProcessCallsTheCheckpointOffWithOneLine() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(listener.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Jprefork j = ws.jprefork().env("MODE", "tcp").env("PORT", Integer.toString(listener.getLocalPort()));
            // The first call runs as plain java; the template built after it refuses its checkpoint,
            // and the next call is told, once.
            Jprefork.Result first = call(j, "one");
            assertClean(first);
            assertEquals("ok one true\n", first.out(), first.toString());
            ws.awaitStatus(1, "state=plain");
            Jprefork.Result second = call(j, "two");
            assertEquals(0, second.exit(), second.toString());
            assertEquals("ok two true\n", second.out(), second.toString());
            assertTrue(second.err().matches("jprefork: checkpoint refused: fd \\d+ is a TCP connection to 127\\.0\\.0\\.1:"
                    + listener.getLocalPort() + " opened before initialisationComplete; close it in beforeCheckpoint "
                    + "or open it after\n"), second.toString());
            for (String word : List.of("three", "four")) {
                Jprefork.Result later = call(j, word);
                assertClean(later);
                assertEquals("ok " + word + " true\n", later.out(), later.toString());
            }
            Jprefork.Result status = j.run("status", "-U", "java", "Held.java");
            assertTrue(status.out().contains(" plain "), status.toString());
        }
    }

    @Test
    void aUnixSocketToAnotherProcessOrAChildsPipeCallsTheCheckpointOffNamingThePeer() throws Exception {
        Path path = ws.work.resolve("server.sock");
        try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(path));
            Jprefork j = ws.jprefork().env("MODE", "unix").env("SOCKET", path.toString());
            assertClean(call(j, "zero"));
            ws.awaitStatus(1, "state=plain");
            Jprefork.Result r = call(j, "one");
            assertEquals("ok one true\n", r.out(), r.toString());
            assertTrue(r.err().matches("jprefork: checkpoint refused: fd \\d+ is a Unix socket connected to "
                    + java.util.regex.Pattern.quote(path.toString()) + " opened before initialisationComplete; close it "
                    + "in beforeCheckpoint or open it after\n"), r.toString());
        }
        // Another pool (-G): the first one runs plain java now.
        Jprefork k = ws.jprefork().env("MODE", "child");
        assertClean(k.run("-U", "-G", "child", "java", "Held.java", "one"));
        ws.awaitStatus(2, "state=plain");
        Jprefork.Result child = k.run("-U", "-G", "child", "java", "Held.java", "two");
        assertEquals("ok two true\n", child.out(), child.toString());
        assertTrue(child.err().matches("jprefork: checkpoint refused: fd \\d+ is a pipe to process \\d+ \\(cat\\) "
                + "opened before initialisationComplete; close it in beforeCheckpoint or open it after\n"), child.toString());
    }

    @Test
    void aLogDeletedBetweenCallsIsMadeAgainByANewCheckpoint() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "log");
        assertClean(call(j, "1"));
        ws.awaitImage();
        assertClean(call(j, "2"));
        Files.delete(ws.work.resolve("app.log"));
        // A new generation: this call runs the program itself (a file of its own), the new
        // checkpoint is built after it and makes the file anew again; copies write there.
        assertClean(call(j, "3"));
        ws.awaitStatus(1, "state=image", "generation=2");
        assertClean(call(j, "4"));
        assertEquals("init\ncall 4\n", Files.readString(ws.work.resolve("app.log")));
        // Cut shorter than the shared offset: the next write would leave a hole, as plain java never does.
        Files.writeString(ws.work.resolve("app.log"), "");
        assertClean(call(j, "5"));
        ws.awaitStatus(1, "state=image", "generation=3");
        assertClean(call(j, "6"));
        assertEquals("init\ncall 6\n", Files.readString(ws.work.resolve("app.log")));
        String log = ws.poolLog();
        assertTrue(log.contains("generation 1: " + ws.work.resolve("app.log") + " changed; reloading"), log);
        assertTrue(log.contains("generation 2: " + ws.work.resolve("app.log") + " changed; reloading"), log);
        assertFalse(log.contains("ERROR"), log);
    }

    @Test
    void aReadOnlyFileChangedAfterTheCheckpointMakesANewOneWithoutAnError() throws Exception {
        Path data = ws.work.resolve("data.txt");
        Files.writeString(data, "01234ABCDEfghij");
        Jprefork j = ws.jprefork().env("MODE", "read");
        assertEquals("ABCDE\n", call(j, "1").out());
        ws.awaitImage();
        Files.writeString(data, "56789VWXYZ");
        Jprefork.Result r = call(j, "2");
        assertClean(r);
        assertEquals("VWXYZ\n", r.out(), "read as plain java would read the new file: " + r);
        ws.awaitStatus(1, "generation=2"); // the status file is rewritten within a second
        Jprefork.Result status = j.run("status", "--json", "-U", "java", "Held.java");
        assertTrue(status.out().contains("\"errors\": 0"), status.toString());
        // Watched, so the change is seen before any restore is tried (not left to criu's size check).
        assertTrue(ws.poolLog().contains("generation 1: " + data + " changed; reloading"), ws.poolLog());
    }

    @Test
    void aFileThatCriuFindsChangedAtRestoreMakesANewCheckpointWithoutAnError() throws Exception {
        // Mapped, not held open: jprefork does not watch it, criu finds its size changed.
        Path data = ws.work.resolve("data.txt");
        Files.writeString(data, "ABCDE");
        Jprefork j = ws.jprefork().env("MODE", "map").env("SPARES", "0");
        assertEquals("ABCDE\n", call(j, "1").out());
        ws.awaitImage();
        Files.writeString(data, "VWXYZ and more");
        for (int i = 2; i <= 3; i++) {
            Jprefork.Result r = call(j, Integer.toString(i));
            assertClean(r);
            assertEquals("VWXYZ\n", r.out(), r.toString());
        }
        String log = ws.poolLog();
        assertTrue(log.matches("(?s).*generation 1: a file its image holds changed \\(File "
                + ws.work.resolve("data.txt").toString().substring(1) + " has bad size 14 \\(expect 5\\)\\); "
                + "reloading\n.*"), log);
        assertFalse(log.contains("ERROR"), log);
    }

    @Test
    void deleteOnExitFilesOfTheInitialisationLiveAsLongAsTheGeneration() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "temp");
        String name = null;
        for (int i = 0; i < 4; i++) {
            Jprefork.Result r = call(j, Integer.toString(i));
            assertClean(r);
            assertTrue(r.out().startsWith("made by the initialisation held"), r.toString());
            name = r.out().trim().split(" ")[4];
            if (i == 0) {
                // The first call ran as plain java: its file went when it exited.
                assertFalse(Files.exists(ws.work.resolve(name)), r.toString());
                ws.awaitImage();
            }
        }
        Path temp = ws.work.resolve(name);
        assertTrue(Files.exists(temp));
        // Registered in a call: deleted when that call's copy exits, as in plain java.
        Jprefork.Result late = call(j, "late");
        assertClean(late);
        Path lateFile = ws.work.resolve(late.out().lines().toList().get(1).split(" ")[1]);
        assertFalse(Files.exists(lateFile), late.toString());
        assertTrue(Files.exists(temp));
        Jprefork.Result status = j.run("status", "-U", "java", "Held.java");
        assertTrue(status.out().contains(" 1d "), status.toString());
        Jprefork.Result kill = j.run("kill", "-U", "java", "Held.java");
        assertEquals(0, kill.exit(), kill.toString());
        assertTrue(kill.out().startsWith("stopped "), kill.toString());
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> !Files.exists(temp));
    }

    @Test
    void theSuccessorOfAManagerThatDiedDeletesItsDeleteOnExitFiles() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "temp");
        assertClean(call(j, "0"));
        ws.awaitImage();
        Jprefork.Result first = call(j, "1");
        assertClean(first);
        Path temp = ws.work.resolve(first.out().trim().split(" ")[4]);
        long manager = ws.managers().get(0);
        ProcessHandle.of(manager).orElseThrow().destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !ws.managers().contains(manager));
        assertTrue(Files.exists(temp), "nobody deleted it yet");
        Jprefork.Result next = call(j, "2");
        assertClean(next);
        assertFalse(next.out().contains(temp.getFileName().toString()), "a new generation, a new file: " + next);
        // The successor is started after that call, which ran the program itself.
        Awaitility.await("the successor deletes the dead manager's file").atMost(Duration.ofSeconds(60))
                .until(() -> !Files.exists(temp));
    }

    @Test
    void managementCommandsTakeTheWordsOfACall() throws Exception {
        Jprefork j = ws.jprefork().env("MODE", "log");
        assertClean(call(j, "1"));
        ws.awaitImage();
        Jprefork.Result logs = j.run("logs", "-U", "java", "Held.java");
        assertEquals(0, logs.exit(), logs.toString());
        assertTrue(logs.out().contains("app.log, regular file, write-only; shared"), logs.toString());
        Jprefork.Result status = j.run("status", "-U", "java", "Held.java", "ignored-argument");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().lines().skip(1).findFirst().orElseThrow().contains(" 1w "), status.toString());
        Jprefork.Result other = j.run("logs", "-U", "java", "-Xmx64m", "Held.java");
        assertEquals(1, other.exit(), "another command line is another pool: " + other);
        assertTrue(other.err().startsWith("jprefork: no log for -U java -Xmx64m Held.java (ident "), other.toString());
        Jprefork.Result noU = j.run("kill", "java", "Held.java");
        assertEquals(2, noU.exit(), noU.toString());
        assertTrue(noU.err().contains("-U is required"), noU.toString());
        Jprefork.Result kill = j.run("kill", "-U", "java", "Held.java");
        assertTrue(kill.out().startsWith("stopped "), kill.toString());
    }
}
