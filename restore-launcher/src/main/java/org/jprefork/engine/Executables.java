package org.jprefork.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds the interpreter as execvp(3) would: a path with '/', else along PATH. */
public final class Executables {
    private Executables() {
    }

    /** The executable a command word names, or null. */
    public static Path find(String word, Map<String, String> env) {
        if (word.contains("/")) {
            Path p = Path.of(word);
            return Files.isExecutable(p) && !Files.isDirectory(p) ? p : null;
        }
        for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, word);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
