package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a pool keeps of its callers: no caller's environment on disk or in the logs (the first
 * caller's, which the template was built with, is wiped before the checkpoint unless the
 * program read it), and no network listener at all.
 */
@RequiresCriu
class SecretsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aCallersEnvironmentReachesNeitherDiskNorLogs() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
        assertEquals("hello first\n", ws.jprefork().run("-U", "java", "Echo.java", "first").out());
        ws.awaitImage();
        Jprefork j = ws.jprefork().env("API_TOKEN", secret);
        assertEquals("hello ok\n", j.run("-U", "java", "Echo.java", "ok").out());
        assertEquals(7, j.run("-U", "java", "Echo.java", "exit", "7").exit());
        assertEquals(1, j.run("-U", "java", "Echo.java", "throw").exit());
        assertEquals("hello again\n", j.run("-U", "java", "Echo.java", "again").out());
        assertEquals(List.of(), filesHolding(secret), "files holding a caller's secret");
    }

    @Test
    void theFirstCallersUnreadEnvironmentIsNotInTheImage() throws Exception {
        byte[] random = new byte[20];
        new java.security.SecureRandom().nextBytes(random);
        String secret = java.util.HexFormat.of().formatHex(random);
        // The template is built with this environment (after the first call, which ran the
        // program itself); Echo never reads JPREFORK_TEST_SECRET.
        Jprefork first = ws.jprefork().env("JPREFORK_TEST_SECRET", secret).env("GREETING", "first");
        Jprefork.Result r = first.run("-U", "java", "Echo.java", "child");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("child=first\n"), r.out());
        ws.awaitImage();
        // A copy has its own caller's environment (the child process inherits libc's environ).
        assertTrue(ws.jprefork().env("GREETING", "second").run("-U", "java", "Echo.java", "child").out()
                .startsWith("child=second\n"));
        assertEquals(secret + "\n", first.run("-U", "java", "Echo.java", "secret").out(),
                "a copy given the variable again sees it");
        try (Stream<Path> all = Files.walk(ws.runDir)) {
            assertTrue(all.anyMatch(p -> p.getFileName().toString().startsWith("pages-")), "no image was made");
        }
        assertEquals(List.of(), filesHolding(secret), "files holding the first caller's unread variable");
    }

    @Test
    void environmentStateTheProgramKeptSurvivesTheWipe() throws Exception {
        Jprefork first = ws.jprefork().env("INIT_KEEP", "1").env("KEPT", "kept-value");
        // The first call, then a copy's: a String it read and a ProcessBuilder's environment map
        // it made during initialisation are intact.
        assertEquals("kept=kept-value\npb=kept-value\n", first.run("-U", "java", "Echo.java", "kept").out());
        ws.awaitImage();
        assertEquals("kept=kept-value\npb=kept-value\n",
                ws.jprefork().env("INIT_KEEP", "1").run("-U", "java", "Echo.java", "kept").out());
    }

    /** Files of the run dir holding {@code secret}; spares' restore directories come and go meanwhile. */
    private List<Path> filesHolding(String secret) throws java.io.IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> files = null;
        for (int attempt = 0; files == null; attempt++) {
            try (Stream<Path> all = Files.walk(ws.runDir)) {
                files = all.filter(Files::isRegularFile).toList();
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
        List<Path> holding = new ArrayList<>();
        for (Path f : files) {
            try {
                if (contains(Files.readAllBytes(f), needle)) {
                    holding.add(f);
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // a spare's restore directory, removed meanwhile
            }
        }
        return holding;
    }

    @Test
    void thePoolListensOnNoNetworkSocket() throws Exception {
        assertEquals("hello a\n", ws.jprefork().run("-U", "java", "Echo.java", "a").out());
        ws.awaitImage();
        assertEquals("hello b\n", ws.jprefork().run("-U", "java", "Echo.java", "b").out());
        long manager = ws.managers().get(0);
        Set<String> inet = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path p = Path.of("/proc/net", table);
            if (Files.exists(p)) {
                Files.readAllLines(p).stream().skip(1).map(l -> l.trim().split("\\s+"))
                        .filter(f -> f.length > 9).forEach(f -> inet.add(f[9]));
            }
        }
        List<Long> pool = new ArrayList<>(List.of(manager));
        ProcessHandle.of(manager).orElseThrow().descendants().forEach(d -> pool.add(d.pid()));
        int sockets = 0;
        for (long pid : pool) {
            List<Path> held;
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                held = fds.toList();
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // ended meanwhile (a copy ends after its caller has its status; a criu run)
            }
            for (Path fd : held) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (java.io.IOException e) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("socket:[")) {
                    sockets++;
                    String inode = target.substring(8, target.length() - 1);
                    assertTrue(!inet.contains(inode), "pid " + pid + " holds an internet socket: " + fd);
                }
            }
        }
        assertTrue(sockets > 0, "found no socket at all: the check looked in the wrong place");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
