package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many calls from concurrent callers against max_servers 2: every output right, never more
 * than 2 copies at once, and the pool manager's descriptors and memory do not grow.
 * {@code -Djprefork.soak.calls=N} sets the number of calls (scripts/test runs a short soak).
 */
@RequiresCriu
@Tag("soak")
class SoakTest {
    private static final int CALLS = Integer.getInteger("jprefork.soak.calls", 200);
    private static final int CALLERS = 4;
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void manyConcurrentCallsStayCorrectAndBounded() throws Exception {
        Path running = Files.createDirectories(ws.root.resolve("running"));
        Jprefork j = ws.jprefork().env("MAX_SERVERS", "2");
        assertEquals(0, j.run("-U", "java", "Echo.java", "warm-up").exit());
        ws.awaitImage();
        long manager = ws.managers().get(0);
        long fdsBefore = fdCount(manager);
        long rssBefore = rssKb(manager);

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Future<Jprefork.Result>> results = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String n = Integer.toString(i);
            boolean even = i % 2 == 0;
            results.add(callers.submit(() -> even
                    ? j.run("-U", "java", "Echo.java", "call", n)
                    : j.run("-U", "java", "Echo.java", "sleep", "20", running.toString())));
        }
        for (int i = 0; i < CALLS; i++) {
            Jprefork.Result r = results.get(i).get();
            assertEquals(0, r.exit(), "call " + i + ": " + r);
            assertEquals(i % 2 == 0 ? "hello call " + i + "\n" : "slept\n", r.out(), "call " + i);
        }
        callers.shutdown();

        int max = Files.readAllLines(ws.root.resolve("concurrency.log")).stream()
                .mapToInt(Integer::parseInt).max().orElseThrow();
        assertTrue(max <= 2, max + " copies ran at once; max_servers is 2");
        long fdsAfter = fdCount(manager);
        long rssAfter = rssKb(manager);
        System.out.printf("soak: %d calls; manager fds %d -> %d, RSS %d -> %d kB%n",
                CALLS, fdsBefore, fdsAfter, rssBefore, rssAfter);
        assertTrue(fdsAfter <= fdsBefore + 4, "the manager leaks descriptors: " + fdsBefore + " -> " + fdsAfter);
        // A copy that exited a moment ago may not be reaped yet: wait, bounded.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> zombieChildren(manager).isEmpty());
    }

    private static long fdCount(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    private static long rssKb(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
    }

    private static List<Long> zombieChildren(long pid) throws Exception {
        List<Long> zombies = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (f[0].equals("Z") && Long.parseLong(f[1]) == pid) {
                        zombies.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (java.io.IOException e) {
                    // gone meanwhile
                }
            }
        }
        return zombies;
    }
}
