package org.jprefork.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The warm engine: no checkpoint, each call served by a JVM that initialised ahead of demand,
 * with the same call semantics as a restored copy. Needs no CRIU.
 */
class WarmEngineTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void callsAreServedByJvmsInitialisedAheadWithTheCallersWorld() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        Jprefork.Result first = j.run("-U", "--engine=warm", "java", "Echo.java", "first");
        assertEquals(0, first.exit(), first.toString());
        assertEquals("hello first\n", first.out(), first.toString());
        // The spare initialises with the first call's invocation, ahead of the next call.
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(initLog).equals("init\ninit\n"));
        Jprefork.Result r = j.env("GREETING", "warm hello").run("-U", "--engine=warm", "java", "Echo.java", "echo", "x y");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("args=x y\n"), r.toString());
        assertTrue(r.out().contains("env=warm hello/warm hello\n"), r.toString());
        assertTrue(r.out().contains("calls=1\n"), "state leaked between calls: " + r);
        assertEquals(7, j.run("-U", "--engine=warm", "java", "Echo.java", "exit", "7").exit());
        String log = ws.poolLog();
        assertTrue(log.contains("(engine warm)"), log);
        assertFalse(log.contains("checkpoint of pid"), "the warm engine took a checkpoint: " + log);
    }

    @Test
    void withoutUsableCriuTheWarmEngineIsChosenAndSaysSoOnce() throws Exception {
        Path cache = ws.root.resolve("cache");
        Files.createDirectories(cache);
        // No criu anywhere jprefork looks: JPREFORK_CRIU unset, an empty cache, a PATH without one.
        Jprefork j = ws.jprefork().env("JPREFORK_CACHE_DIR", cache.toString()).env("JPREFORK_CRIU", null)
                .env("PATH", "/usr/bin:/bin");
        assumeNoSystemCriu();
        // The first call runs the program itself; the pool built after it finds no usable CRIU,
        // and says so on the first call it answers.
        Jprefork.Result first = j.run("-U", "java", "Echo.java", "first");
        assertEquals("hello first\n", first.out(), first.toString());
        ws.awaitBuilds();
        Jprefork.Result second = j.run("-U", "java", "Echo.java", "exit", "3");
        assertEquals(3, second.exit(), second.toString());
        assertTrue(second.err().contains("jprefork: no checkpoints here (no usable CRIU"), second.toString());
        Jprefork.Result third = j.run("-U", "java", "Echo.java", "exit", "4");
        assertEquals(4, third.exit(), third.toString());
        assertFalse(third.err().contains("no checkpoints here"), "warned twice: " + third);
    }

    private static void assumeNoSystemCriu() {
        for (String p : new String[] {"/usr/sbin/criu", "/usr/bin/criu", "/bin/criu"}) {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isExecutable(Path.of(p)), "a system criu at " + p);
        }
    }
}
