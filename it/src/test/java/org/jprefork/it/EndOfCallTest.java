package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The end of a call: the caller gets its status once the program has finished, before the
 * copy's JVM and memory are torn down, with everything the program wrote (at exit, from
 * shutdown hooks) already delivered; exit statuses stay those of plain java; a copy keeps its
 * turn under max_servers until its process is gone; and JVM options that write at exit make
 * the caller wait, as plain java does.
 */
@RequiresCriu
class EndOfCallTest {
    /** How ExitPaths' "big" call ends, and the status that gives. */
    private static final Map<String, Integer> STATUS = Map.of("return", 0, "exit", 3, "throw", 1);
    private static final String STILL_ENDING = "; the program has finished, its process is still ending";
    @RegisterExtension
    final Workspace ws = new Workspace();

    /**
     * 1 MiB to stdout and to stderr from main at its end and again from a shutdown hook; the
     * shell appends to the same files once jprefork returned: nothing may come after that, and
     * the files must be byte for byte what plain java writes.
     */
    @ParameterizedTest(name = "main ends by {0}")
    @ValueSource(strings = {"return", "exit", "throw"})
    void everythingWrittenAtTheEndArrivesBeforeTheCallerReturns(String end) throws Exception {
        Path plain = runToFiles(plainJava().toString(), "plain", end);
        for (int i = 0; i < 3; i++) { // a call that runs the program itself, then restored copies'
            int call = i;
            Path viaJprefork = runToFiles(Jprefork.BIN.toString(), "call" + call, end);
            if (call == 0) {
                ws.awaitImage();
            }
            for (String stream : List.of("out", "err")) {
                byte[] expected = Files.readAllBytes(plain.resolve(stream));
                byte[] got = Files.readAllBytes(viaJprefork.resolve(stream));
                assertEquals(expected.length, got.length, () -> "call " + call + ", std" + stream + " size; stderr ends "
                        + tail(viaJprefork.resolve("err")) + "\n" + poolLog());
                assertTrue(java.util.Arrays.equals(expected, got), "call " + call + ", std" + stream + " differs");
            }
        }
        String out = Files.readString(plain.resolve("out"));
        assertTrue(out.startsWith("main out 0 ") && out.contains("\nhook out 0 "), "plain java's output is not as expected");
        assertTrue(out.endsWith("\nafter " + STATUS.get(end) + "\n"), out.substring(out.length() - 40));
    }

    @Test
    void exitStatusesAreThoseOfPlainJava() throws Exception {
        Jprefork j = ws.jprefork();
        for (int call = 0; call < 2; call++) {
            Jprefork.Result halt = j.run("-U", "java", "ExitPaths.java", "halt", "5");
            assertEquals(5, halt.exit(), halt.toString());
            assertEquals("halting\n", halt.out(), halt.toString());
            Jprefork.Result hookHalts = j.run("-U", "java", "ExitPaths.java", "hook-halts");
            assertEquals(7, hookHalts.exit(), hookHalts.toString());
            assertEquals("hook\n", hookHalts.out(), hookHalts.toString());
            if (call == 0) {
                ws.awaitImage(); // the first calls ran the program themselves; copies from here on
            }
        }
        // Ends that pass through no exit path of the JDK: the status is what waitpid says.
        assertEquals(137, killedCall(j, "KILL"));
        // SIGTERM runs the shutdown hooks and exits 143, as plain java does.
        assertEquals(143, killedCall(j, "TERM"));
    }

    private static int killedCall(Jprefork j, String signal) throws Exception {
        Process p = j.start("-U", "java", "ExitPaths.java", "hang");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("pid="), String.valueOf(line));
        new ProcessBuilder("kill", "-" + signal, line.substring("pid=".length())).inheritIO().start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the call did not end after SIG" + signal);
        return p.exitValue();
    }

    /**
     * The program leaves a daemon thread blocked in a native read: the JVM waits at least
     * 300 ms for it after the shutdown hooks. The caller's status went out before.
     */
    @Test
    void theCallerDoesNotWaitForTheCopysTeardown() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("done\n", j.run("-U", "java", "ExitPaths.java", "slow-teardown").out()); // runs it itself
        ws.awaitImage();
        for (int call = 0; call < 3; call++) {
            Jprefork.Result r = j.run("-U", "java", "ExitPaths.java", "slow-teardown");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("done\n", r.out(), r.toString());
        }
        // The manager logs each call as it answers it: the copies were still ending then.
        String log = ws.poolLog();
        assertEquals(3, served(log), log);
        assertEquals(3, stillEnding(log), log);
    }

    /** max_servers 1: each call starts only when the previous copy's process is gone. */
    @Test
    void aCopyHoldsItsTurnUntilItsProcessIsGone() throws Exception {
        Jprefork j = ws.jprefork().env("MAX_SERVERS", "1");
        assertEquals("done\n", j.run("-U", "java", "ExitPaths.java", "slow-teardown").out());
        ws.awaitImage(); // copies from here on: the turns are theirs
        Path noted = Files.createDirectory(ws.root.resolve("copies"));
        List<CompletableFuture<Jprefork.Result>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return j.run("-U", "java", "ExitPaths.java", "slow-teardown", noted.toString());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (CompletableFuture<Jprefork.Result> c : calls) {
            Jprefork.Result r = c.get(120, TimeUnit.SECONDS);
            assertEquals("done\n", r.out(), r.toString());
        }
        try (var files = Files.list(noted)) {
            assertEquals(3, files.count());
        }
    }

    /** With -Xlog the JVM prints at its very end: the copy keeps the caller's stderr to the end. */
    @Test
    void jvmOptionsThatWriteAtExitMakeTheCallerWait() throws Exception {
        Jprefork j = ws.jprefork();
        String[] words = {"-U", "java", "-Xlog:gc+heap+exit=info:stderr", "ExitPaths.java", "halt", "4"};
        assertEquals(4, j.run(words).exit()); // runs it itself
        ws.awaitImage();
        for (int call = 0; call < 2; call++) {
            Jprefork.Result r = j.run(words);
            assertEquals(4, r.exit(), r.toString());
            assertTrue(r.err().contains("[gc,heap,exit]"), "the JVM's output at exit is missing: " + r);
        }
        String log = ws.poolLog();
        assertEquals(2, served(log), log);
        assertEquals(0, stillEnding(log), log);
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.ISO_8859_1);
            return s.substring(Math.max(0, s.length() - 300));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private String poolLog() {
        try {
            return ws.poolLog();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static long served(String log) {
        return log.lines().filter(l -> l.contains(" call served by pid ")).count();
    }

    private static long stillEnding(String log) {
        return log.lines().filter(l -> l.contains(" call served by pid ") && l.endsWith(STILL_ENDING)).count();
    }

    /** Runs one "big" call through {@code zero} with stdout and stderr to files, as a shell would. */
    private Path runToFiles(String zero, String name, String end) throws Exception {
        Path dir = Files.createDirectories(ws.root.resolve("files-" + end + "-" + name));
        String script = "\"$0\" -U java ExitPaths.java big " + end + " >" + dir.resolve("out") + " 2>" + dir.resolve("err")
                + "; s=$?; echo \"after $s\" >>" + dir.resolve("out") + "; echo \"after $s\" >>" + dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, zero).directory(ws.work.toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JPREFORK_RUN_DIR", ws.runDir.toString());
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), script + " hung");
        assertFalse(said.contains("jprefork:"), said);
        return dir;
    }

    private Path plainJava() throws Exception {
        Path plain = ws.root.resolve("plain-java");
        Files.writeString(plain, "#!/bin/sh\n# jprefork's words, run by plain java\nshift; shift\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + Jprefork.agentJar() + " \"$@\"\n");
        assertTrue(plain.toFile().setExecutable(true));
        return plain;
    }
}
