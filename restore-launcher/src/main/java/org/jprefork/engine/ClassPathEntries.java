package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** A class path as java reads it: {@code :}-separated, {@code dir/*} meaning the jars in dir. */
public final class ClassPathEntries {
    private ClassPathEntries() {
    }

    /**
     * The entries of {@code classPath}, relative ones resolved against {@code base}, each
     * {@code dir/*} replaced by dir's jars in name order (none when dir is missing).
     */
    public static List<Path> expand(String classPath, Path base) throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String entry : classPath.split(":")) {
            if (entry.equals("*") || entry.endsWith("/*")) {
                Path dir = base.resolve(entry.substring(0, entry.length() - 1));
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        files.filter(ClassPathEntries::isJar).sorted().forEach(entries::add);
                    }
                }
            } else if (!entry.isEmpty()) {
                entries.add(base.resolve(entry));
            }
        }
        return entries;
    }

    /** Whether java would open {@code p} as a jar (by its name, as the wildcard rule does). */
    public static boolean isJar(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }
}
