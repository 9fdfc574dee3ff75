package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** jprefork kill, fresh, logs, gc and doctor against real pools, through bin/jprefork. */
class ManagementCommandsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    /** Echo.java as a #! script that runs this checkout's jprefork; returns its path as called. */
    private String script() throws Exception {
        Path p = ws.work.resolve("Echo.java");
        Files.writeString(p, "#!/usr/bin/env -S " + Jprefork.BIN + " -U java\n" + Files.readString(p));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p.toString();
    }

    private String onlyIdent() throws Exception {
        try (Stream<Path> files = Files.list(ws.runDir)) {
            List<String> idents = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4)).toList();
            assertEquals(1, idents.size(), idents.toString());
            return idents.get(0);
        }
    }

    @Test
    @RequiresCriu
    void statusShowsEachPoolAndForgetsAStoppedOne() throws Exception {
        Jprefork j = ws.jprefork();
        String script = script();
        assertEquals("hello a\n", j.runProgram(script, "a").out());
        ws.awaitImage(); // built after the first call, which ran the program itself
        assertEquals("hello b\n", j.runProgram(script, "b").out());
        assertEquals("hello c\n", j.runProgram(script, "c").out());
        String ident = onlyIdent();
        long manager = ws.managers().get(0);
        // Written every second: wait for the calls the pool served and the spare to show.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            String json = j.run("status", "--json").out();
            return json.contains("\"calls_served\": 2") && json.contains("\"spares_ready\": 1");
        });
        String json = j.run("status", "--json", script).out();
        assertTrue(json.startsWith("[\n  {\"ident\": \"" + ident + "\", \"program\": "), json);
        assertTrue(json.contains("\"engine\": \"criu\", \"manager_pid\": " + manager + ","), json);
        assertTrue(json.contains("\"state\": \"image\""), json);
        Jprefork.Result table = j.run("status");
        assertEquals(0, table.exit(), table.toString());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("IDENT         ENGINE  PID"), table.toString());
        assertTrue(lines.get(1).startsWith(ident.substring(0, 12) + "  criu    " + manager + " "), table.toString());
        assertEquals(0, j.run("kill", script).exit());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> j.run("status").out().lines().count() == 1);
        Jprefork.Result none = j.run("status", script);
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().startsWith("jprefork: no running pool for " + script), none.toString());
    }

    @Test
    @RequiresCriu
    void logsFreshAndKillNameAPoolByItsScript() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        String script = script();
        assertEquals("hello a\n", j.runProgram(script, "a").out());
        ws.awaitImage();
        long first = ws.managers().get(0);
        String ident = onlyIdent();

        Jprefork.Result log = j.run("logs", script);
        assertEquals(0, log.exit(), log.toString());
        assertTrue(log.out().contains("pool manager " + first + " ") && log.out().contains(" listening on "), log.toString());
        Jprefork.Result list = j.run("logs");
        assertTrue(list.out().startsWith(ident + "  running (pid " + first + ")"), list.toString());

        Jprefork.Result fresh = j.run("fresh", script, "b");
        assertEquals("hello b\n", fresh.out(), fresh.toString());
        ws.awaitImage();
        // Each pool ran the initialisation in its first call, then in its template.
        assertEquals("init\n".repeat(4), Files.readString(initLog));
        assertEquals(1, ws.managers().size());
        assertNotEquals(first, ws.managers().get(0));

        Jprefork.Result kill = j.run("kill", ident.substring(0, 8));
        assertEquals("stopped " + ident + "\n", kill.out(), kill.toString());
        assertTrue(ws.managers().isEmpty());
        Jprefork.Result again = j.run("kill", script);
        assertEquals(0, again.exit(), again.toString());
        assertEquals("no pool was running for " + script + "\n", again.out());
    }

    @Test
    @RequiresCriu
    void killAllStopsEveryPool() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals(0, j.run("-U", "java", "Echo.java", "a").exit());
        assertEquals(0, j.run("-U", "-G", "second", "java", "Echo.java", "b").exit());
        ws.awaitBuilds();
        assertEquals(2, ws.managers().size());
        Jprefork.Result r = j.run("kill", "--all");
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("stopped ")).count(), r.toString());
        assertTrue(ws.managers().isEmpty());
    }

    @Test
    @RequiresCriu
    void gcRemovesWhatAKilledManagerLeftAndKeepsItsLog() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals(0, j.run("-U", "java", "Echo.java", "a").exit());
        ws.awaitImage();
        String ident = onlyIdent();
        ProcessHandle manager = ProcessHandle.of(ws.managers().get(0)).orElseThrow();
        manager.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !manager.isAlive());
        assertTrue(Files.exists(ws.runDir.resolve(ident + ".s")));

        Jprefork.Result gc = j.run("gc");
        assertEquals(0, gc.exit(), gc.toString());
        assertTrue(gc.out().startsWith("removed " + ident + ": socket, pid file, images, status file\n"), gc.toString());
        for (String gone : List.of(".s", ".pid", ".d", ".status")) {
            assertFalse(Files.exists(ws.runDir.resolve(ident + gone)), gone + " left: " + gc);
        }
        assertTrue(j.run("logs", ident).out().contains("listening on"));
        assertEquals("hello again\n", j.run("-U", "java", "Echo.java", "again").out());
    }

    @Test
    @RequiresCriu
    void gcKillsParkedCopiesOfDeadManagersOnly() throws Exception {
        Jprefork j = ws.jprefork();
        // A pool with a spare ready, whose manager is then SIGKILLed.
        assertEquals(0, j.run("-U", "java", "Echo.java", "a").exit());
        ws.awaitImage();
        long killed = ws.managers().get(0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !childrenNaming(killed, ws.runDir).isEmpty());
        List<ProcessHandle> spares = childrenNaming(killed, ws.runDir);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        // A live pool with its own spare: gc must leave it and its spare alone.
        assertEquals(0, j.run("-U", "-G", "live", "java", "Echo.java", "b").exit());
        // Built after the call, in the background.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ws.managers().stream().anyMatch(m -> m != killed));
        long live = ws.managers().stream().filter(pid -> pid != killed).findFirst().orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !childrenNaming(live, ws.runDir).isEmpty());
        ProcessHandle liveSpare = childrenNaming(live, ws.runDir).get(0);
        // Stand-ins whose manager is gone (deterministic: a real spare may already have ended on
        // its own when the connection to its manager closed): one parked (stdio /dev/null, in its
        // image's directory), and two serving calls, which gc must not touch: one whose stdout is
        // its caller's file, one whose caller gave it only /dev/null (in the caller's directory).
        Path socket = ws.runDir.resolve("0ddba11.s");
        Path imageCwd = Files.createDirectories(ws.runDir.resolve("0ddba11.d/m1/image-1.cwd"));
        Process parked = standIn(socket, ProcessBuilder.Redirect.DISCARD, imageCwd);
        Process serving = standIn(socket, ProcessBuilder.Redirect.appendTo(ws.root.resolve("caller.out").toFile()),
                imageCwd);
        Process servingQuietly = standIn(socket, ProcessBuilder.Redirect.DISCARD, ws.work);

        Jprefork.Result gc = j.run("gc");
        assertEquals(0, gc.exit(), gc.toString());
        assertTrue(gc.out().contains("killed 0ddba11: pid " + parked.pid() + ", a parked copy whose pool manager died"),
                gc.toString());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !parked.isAlive());
        for (ProcessHandle spare : spares) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !spare.isAlive());
        }
        assertTrue(serving.isAlive(), gc.toString());
        assertTrue(servingQuietly.isAlive(), gc.toString());
        assertTrue(liveSpare.isAlive(), gc.toString());
        assertTrue(ProcessHandle.of(live).map(ProcessHandle::isAlive).orElse(false), gc.toString());
        serving.destroyForcibly().waitFor();
        servingQuietly.destroyForcibly().waitFor();
    }

    @Test
    @RequiresCriu
    void aNewManagerPreCleansTheRunDir() throws Exception {
        Files.createDirectories(ws.runDir);
        // A dead pool's leftovers, and 101 idents (logs only): with the new pool, 2 over the limit.
        Files.writeString(ws.runDir.resolve("deadbeef.s"), "");
        Files.writeString(ws.runDir.resolve("deadbeef.pid"), "999999999\n");
        Files.createDirectories(ws.runDir.resolve("deadbeef.d/m999999999"));
        long old = System.currentTimeMillis() - 3_600_000;
        for (int i = 0; i < 101; i++) {
            Path log = ws.runDir.resolve(String.format("old%03d.log", i));
            Files.writeString(log, "");
            Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.fromMillis(old + i * 1000L));
        }
        Jprefork j = ws.jprefork();
        assertEquals("hello a\n", j.run("-U", "java", "Echo.java", "a").out());
        // The manager starts after that call, in the background: its pre-clean may be under way.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of("deadbeef.s", "deadbeef.pid", "deadbeef.d")
                .noneMatch(n -> Files.exists(ws.runDir.resolve(n))));
        // 102 idents kept something besides a lock: the two least recently used went entirely.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(ws.runDir.resolve("old001.log")));
        assertFalse(Files.exists(ws.runDir.resolve("old000.log")));
        assertTrue(Files.exists(ws.runDir.resolve("old002.log")));
        String ident;
        try (Stream<Path> pids = Files.list(ws.runDir)) { // deadbeef's is gone: the new pool's is left
            ident = pids.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pid")).findFirst()
                    .orElseThrow().replace(".pid", "");
        }
        String log = j.run("logs", ident).out();
        assertTrue(log.contains("pre-clean: removed deadbeef: socket, pid file, images"), log);
        assertEquals("hello b\n", j.run("-U", "java", "Echo.java", "b").out());
    }

    /** Children of {@code manager} carrying the agent's socket option (its spares and templates). */
    private static List<ProcessHandle> childrenNaming(long manager, Path runDir) {
        return ProcessHandle.of(manager).map(m -> m.children().filter(c -> PoolHealth.commandLine(c.pid())
                .map(cmd -> cmd.contains("socket=" + runDir)).orElse(false)).toList()).orElse(List.of());
    }

    /** A process whose command line looks like a copy of the pool at {@code socket}. */
    private static Process standIn(Path socket, ProcessBuilder.Redirect out, Path cwd) throws Exception {
        String name = "java -javaagent:checkpoint-agent.jar=fd=3,engine=criu,socket=" + socket;
        Process p = new ProcessBuilder("bash", "-c", "exec -a \"$0\" sleep 300", name).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out).redirectError(out).start();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> PoolHealth.commandLine(p.pid()).orElse("").startsWith(name));
        return p;
    }

    @Test
    @RequiresCriu
    void theLogIsPrivateAndRotated() throws Exception {
        Jprefork j = ws.jprefork().env("JPREFORK_LOG_MAX_BYTES", "300");
        for (int i = 0; i < 4; i++) {
            assertEquals(0, j.run("-U", "java", "Echo.java", "call" + i).exit());
            if (i == 0) {
                ws.awaitImage();
            }
        }
        String ident = onlyIdent();
        Path log = ws.runDir.resolve(ident + ".log");
        Path older = ws.runDir.resolve(ident + ".log.1");
        assertTrue(Files.exists(older), "no rotation");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        Jprefork.Result r = j.run("logs", ident);
        assertEquals(Files.readString(older) + Files.readString(log), r.out());
        assertTrue(r.out().contains("call served by pid"), r.toString());
    }

    @Test
    @RequiresCriu
    void doctorFindsAUsableCriu() throws Exception {
        Jprefork.Result r = ws.jprefork().run("doctor");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("OK   criu ") && l.endsWith("Looks good.")), r.toString());
        assertTrue(r.out().contains("OK   run dir    " + ws.runDir), r.toString());
    }

    @Test
    void commandsRefuseBadInputWithOneLine() throws Exception {
        Jprefork j = ws.jprefork();
        for (List<String> words : List.of(List.of("kill"), List.of("-U", "kill"), List.of("gc", "--keep", "many"),
                List.of("logs", "not an ident"), List.of("fresh", "Echo.java"))) {
            Jprefork.Result r = j.run(words.toArray(String[]::new));
            assertEquals(2, r.exit(), words + ": " + r);
            assertEquals(1, r.err().lines().count(), words + ": " + r);
        }
        Jprefork.Result none = j.run("logs", "0123abcd");
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().startsWith("jprefork: no log for 0123abcd"), none.toString());
    }
}
