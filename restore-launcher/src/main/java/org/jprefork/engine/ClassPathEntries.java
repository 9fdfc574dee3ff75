package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jprefork.protocol.JvmOptionWords;

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

    /**
     * The class path the words of a JVM option variable (JDK_JAVA_OPTIONS) give last, as the
     * launcher takes it; null when they give none (or {@code value} is null or unreadable).
     */
    public static String lastGiven(String value) {
        List<String> words = value == null ? null : JvmOptionWords.split(value);
        if (words == null) {
            return null;
        }
        String cp = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("-cp") || w.equals("-classpath") || w.equals("--class-path")) && i + 1 < words.size()) {
                cp = words.get(++i);
            } else if (w.startsWith("--class-path=")) {
                cp = w.substring("--class-path=".length());
            } else if (w.startsWith("-Djava.class.path=")) {
                cp = w.substring("-Djava.class.path=".length());
            }
        }
        return cp;
    }

    /** Whether java would open {@code p} as a jar (by its name, as the wildcard rule does). */
    public static boolean isJar(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
    }
}
