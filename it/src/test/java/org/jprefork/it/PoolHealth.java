package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * What every fault test checks at its end: nothing of the workspace's pools runs without a live
 * pool manager above it, no lock is left held, and the next call works.
 */
final class PoolHealth {
    private PoolHealth() {
    }

    /** Waits (bounded) for orphans to go, checks the locks, then makes a call that must answer. */
    static void assertRecovered(Workspace ws, Jprefork j, String... call) throws Exception {
        awaitNoOrphans(ws);
        assertNoHeldLock(ws);
        Jprefork.Result r = j.run(call);
        assertEquals(0, r.exit(), "the next call failed: " + r);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ok ") || l.startsWith("hello ")),
                "the next call's output: " + r);
        awaitNoOrphans(ws);
    }

    static void awaitNoOrphans(Workspace ws) {
        // A copy whose caller left gets SIGINT, then SIGKILL after a 3 s grace: wait beyond it.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(List.of(), orphans(ws), "processes of this workspace's pools "
                        + "without a live pool manager above them"));
    }

    /** Processes naming this workspace's run dir (templates, copies, criu) with no live manager above. */
    static List<String> orphans(Workspace ws) throws IOException {
        List<Long> managers = ws.managers();
        List<String> found = new ArrayList<>();
        String mark = ws.runDir.toString();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String cmd = commandLine(p.pid()).orElse("");
            if (!cmd.contains(mark) || managers.contains(p.pid())) {
                continue;
            }
            boolean underManager = false;
            for (Optional<ProcessHandle> up = p.parent(); up.isPresent(); up = up.get().parent()) {
                if (managers.contains(up.get().pid())) {
                    underManager = true;
                    break;
                }
            }
            if (!underManager && p.isAlive()) {
                found.add(p.pid() + " " + (cmd.length() > 160 ? cmd.substring(0, 160) + "..." : cmd));
            }
        }
        return found;
    }

    /**
     * Every lock file in the run dir can be taken (within a bound: a pool built in the background
     * after a call holds its lock until the new manager answers): no dead or stuck holder keeps it.
     */
    static void assertNoHeldLock(Workspace ws) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(List.of(), ws.heldLocks(), "locks still held"));
    }

    /** The number of open descriptors of a process. */
    static long fdCount(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    static Optional<String> commandLine(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return Optional.of(new String(b, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
