package org.jprefork.housekeeping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths of Unix sockets that something listens on, from /proc/net/unix. Reading it disturbs
 * no pool manager, where a test connection would make one greet and count a dropped call.
 */
final class UnixListeners {
    /** __SO_ACCEPTCON in the Flags column: a listening socket. */
    private static final int ACCEPTCON = 0x10000;

    private UnixListeners() {
    }

    static Set<String> paths() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/net/unix")));
    }

    /** Lines: "Num RefCount Protocol Flags Type St Inode Path", the first a header. */
    static Set<String> parse(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length == 8 && (Integer.parseInt(f[3], 16) & ACCEPTCON) != 0) {
                out.add(f[7]);
            }
        }
        return out;
    }
}
