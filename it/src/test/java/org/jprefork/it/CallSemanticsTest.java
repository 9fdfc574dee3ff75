package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a call sees and returns, served by restored copies of one pool. */
@RequiresCriu
class CallSemanticsTest {
    @RegisterExtension
    static final Workspace ws = new Workspace();
    private static Path initLog;

    @BeforeAll
    static void startPool() throws Exception {
        initLog = ws.root.resolve("init.log");
        Jprefork.Result first = call().run("-U", "java", "Echo.java", "first");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("hello first\n", first.out(), first.toString());
        assertTrue(first.err().contains("initialising (stdout goes to stderr here)"), first.toString());
        ws.awaitImage(); // built in the background after the first call: later calls are restored copies
    }


    private static Jprefork call() {
        return ws.jprefork().env("INIT_LOG", initLog.toString());
    }

    @Test
    void argumentsEnvironmentAndWorkingDirectoryAreTheCallers() throws Exception {
        Path sub = ws.work.resolve("sub dir");
        Files.createDirectories(sub);
        Files.writeString(sub.resolve("input.txt"), "from the caller's cwd\n");
        // The script by its absolute path is another pool (other launcher words): its first call
        // runs the program itself, a later one runs in a restored copy; both must see the caller's world.
        Jprefork.Result r = null;
        for (int i = 0; i < 2; i++) {
            r = ws.jprefork().in(sub).env("GREETING", "grüß dich")
                    .run("-U", "java", ws.work.resolve("Echo.java").toString(), "echo", "a b", "it's \"quoted\"", "ünïcödé", "");
            assertEquals(0, r.exit(), r.toString());
            if (i == 0) {
                ws.awaitStatus(2, "state=image");
            }
        }
        assertTrue(r.out().contains("args=a b|it's \"quoted\"|ünïcödé|\n"), r.toString());
        assertTrue(r.out().contains("env=grüß dich/grüß dich\n"), r.toString());
        assertTrue(r.out().contains("cwd=" + sub + " file=" + sub.resolve("x") + " dir=" + sub + "\n"), r.toString());
        assertTrue(r.out().contains("input=from the caller's cwd\n"), r.toString());
        assertEquals("to stderr\n", r.err(), r.toString());
    }

    @Test
    void childProcessesInheritTheCallersEnvironmentAndDirectory() throws Exception {
        Jprefork.Result r = call().env("GREETING", "salut").run("-U", "java", "Echo.java", "child");
        assertEquals("child=salut\n" + ws.work + "\n", r.out(), r.toString());
    }

    @Test
    void filesAreCreatedWithTheUsualUmaskNotThePoolManagersPrivateOne() throws Exception {
        // The manager makes its socket with umask 077; programs must not inherit that.
        int umask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Umask:")).mapToInt(l -> Integer.parseInt(l.substring(6).trim(), 8))
                .findFirst().orElseThrow();
        String expected = java.nio.file.attribute.PosixFilePermissions.toString(modeToPermissions(0666 & ~umask));
        Jprefork.Result r = call().run("-U", "java", "Echo.java", "create", "made-by-copy.txt");
        assertEquals(expected + "\n", r.out(), r.toString());
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> modeToPermissions(int mode) {
        StringBuilder sb = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            sb.append((mode >> shift & 4) != 0 ? 'r' : '-').append((mode >> shift & 2) != 0 ? 'w' : '-')
                    .append((mode >> shift & 1) != 0 ? 'x' : '-');
        }
        return java.nio.file.attribute.PosixFilePermissions.fromString(sb.toString());
    }

    @Test
    void everyCopyHasItsOwnRandomness() throws Exception {
        java.util.List<java.util.Set<String>> seen = new java.util.ArrayList<>();
        for (int k = 0; k < 4; k++) {
            seen.add(new java.util.HashSet<>());
        }
        for (int i = 0; i < 20; i++) {
            Jprefork.Result r = call().run("-U", "java", "Echo.java", "random");
            String[] values = r.out().trim().split(" ");
            assertEquals(5, values.length, r.toString());
            for (int k = 0; k < 4; k++) {
                assertTrue(seen.get(k).add(values[k]), "copy " + i + " repeated value " + k + ": " + r.out());
            }
        }
    }

    @Test
    void stdinStreamsToStdout() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Jprefork.Result r = call().stdin(text.toString()).run("-U", "java", "Echo.java", "cat");
        assertEquals(0, r.exit(), r.err());
        assertEquals(text.toString(), r.out());
    }

    @Test
    void exitStatusesPropagate() throws Exception {
        assertEquals(0, call().run("-U", "java", "Echo.java", "exit", "0").exit());
        assertEquals(7, call().run("-U", "java", "Echo.java", "exit", "7").exit());
        Jprefork.Result thrown = call().run("-U", "java", "Echo.java", "throw");
        assertEquals(1, thrown.exit(), thrown.toString());
        assertTrue(thrown.err().contains("IllegalStateException: boom from the call"), thrown.toString());
        Jprefork.Result interrupted = call().run("-U", "java", "Echo.java", "sigint");
        assertEquals(130, interrupted.exit(), interrupted.toString());
    }

    @Test
    void everyCallStartsFromTheCheckpointAndInitialisationRunsInTheFirstCallAndTheTemplateOnly() throws Exception {
        for (int i = 0; i < 4; i++) {
            Jprefork.Result r = call().run("-U", "java", "Echo.java", "echo");
            assertTrue(r.out().contains("calls=1\n"), "state leaked between calls: " + r);
        }
        // The first call ran the program itself; the template, built after it, ran the
        // initialisation once more; copies never run it.
        assertEquals("init\ninit\n", Files.readString(initLog));
    }
}
