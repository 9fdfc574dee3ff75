package org.jprefork.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds {@code jprefork-pidns} (src/main/c/pidns.c), the launcher that makes a template the init
 * of its own PID namespace: beside jprefork's jar in an installation, in {@code native/} beside
 * it in a checkout's target directory.
 */
final class PidNamespaceLauncher {
    static final String NAME = "jprefork-pidns";
    /** The launcher, or null when it was not built (no C compiler): then unshare is used. */
    static final Path PATH = locate();

    private PidNamespaceLauncher() {
    }

    private static Path locate() {
        try {
            Path jar = Path.of(PidNamespaceLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = jar.getParent();
            for (Path candidate : List.of(dir.resolve(NAME), dir.resolve("native").resolve(NAME))) {
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not run from a jar we can place: unshare
        }
        return null;
    }
}
