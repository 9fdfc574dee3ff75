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
 * What a pool keeps of its callers: no later caller's environment on disk or in the logs, and
 * no network listener at all. (The first caller's environment is in the image: the template
 * ran with it; docs/security.md says so.)
 */
@RequiresCriu
class SecretsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aCallersEnvironmentReachesNeitherDiskNorLogs() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
        assertEquals("hello first\n", ws.jprefork().run("-U", "java", "Echo.java", "first").out());
        Jprefork j = ws.jprefork().env("API_TOKEN", secret);
        assertEquals("hello ok\n", j.run("-U", "java", "Echo.java", "ok").out());
        assertEquals(7, j.run("-U", "java", "Echo.java", "exit", "7").exit());
        assertEquals(1, j.run("-U", "java", "Echo.java", "throw").exit());
        assertEquals("hello again\n", j.run("-U", "java", "Echo.java", "again").out());
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> all = Files.walk(ws.runDir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(f), needle)) {
                    holding.add(f);
                }
            }
        }
        assertEquals(List.of(), holding, "files holding a caller's secret");
    }

    @Test
    void thePoolListensOnNoNetworkSocket() throws Exception {
        assertEquals("hello a\n", ws.jprefork().run("-U", "java", "Echo.java", "a").out());
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
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds.toList()) {
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
