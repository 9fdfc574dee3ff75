package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run dir too small for the image (a 16 MiB tmpfs): the dump fails with ENOSPC, and the
 * calls still complete, un-accelerated, the first after the failed checkpoint with one warning.
 */
@RequiresCriu
class DiskFullTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aFullDiskWhileDumpingCostsTheAccelerationNotTheCall() throws Exception {
        assumeTrue("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim()),
                "mounting a small tmpfs needs root");
        Path small = ws.root.resolve("small");
        Files.createDirectories(small);
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", small.toString()));
        Jprefork j = ws.jprefork().env("JPREFORK_RUN_DIR", small.toString());
        try {
            // The first call runs the program itself; its checkpoint, built after it, fails.
            Jprefork.Result first = j.run("-U", "java", "Faults.java", "a");
            assertEquals(0, first.exit(), first.toString());
            assertEquals("ok a\n", first.out(), first.toString());
            assertEquals("", first.err(), first.toString());
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> log(small).contains("checkpoint failed"));
            try (var files = Files.walk(small)) {
                assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".img")),
                        "a partial image was left on the full disk");
            }
            // The next call is told once; every call still runs, un-accelerated.
            Jprefork.Result second = j.run("-U", "java", "Faults.java", "b");
            assertEquals(0, second.exit(), second.toString());
            assertEquals("ok b\n", second.out(), second.toString());
            assertEquals(1, second.err().lines().filter(l -> l.startsWith("jprefork: warning: checkpoint failed")).count(),
                    second.toString());
            for (String word : new String[] {"c", "d"}) {
                Jprefork.Result r = j.run("-U", "java", "Faults.java", word);
                assertEquals(0, r.exit(), r.toString());
                assertEquals("ok " + word + "\n", r.out(), r.toString());
                assertTrue(!r.err().contains("jprefork:"), "warned again: " + r);
            }
        } finally {
            // The workspace knows only its own run dir: stop this pool here, even after a failure.
            j.run("--kill", "-U", "java", "Faults.java");
            run("umount", "-l", small.toString());
        }
    }

    private static String log(Path runDir) throws java.io.IOException {
        try (var files = Files.list(runDir)) {
            Path log = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElse(null);
            return log == null ? "" : Files.readString(log);
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        return p.exitValue();
    }
}
