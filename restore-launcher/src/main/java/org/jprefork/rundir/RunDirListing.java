package org.jprefork.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run dir's entries grouped by ident: socket ({@code .s}), lock, pid file, logs ({@code .log},
 * {@code .log.1}), pool directory ({@code .d}), status, and what the clients remember of the
 * program ({@code .scan}, {@code .hint}). Other files (caches, markers) belong to no ident.
 */
public final class RunDirListing {
    private static final List<String> SUFFIXES = List.of(".log.1", ".log", ".s", ".lock", ".pid", ".d", ".status",
            ".s.copy-errors", ".scan", ".hint");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    private RunDirListing() {
    }

    /** Every ident with at least one entry, in name order, with its entries. */
    public static Map<String, List<Path>> byIdent(Path dir) throws IOException {
        Map<String, List<Path>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String ident = identOf(p.getFileName().toString());
                if (ident != null) {
                    out.computeIfAbsent(ident, k -> new ArrayList<>()).add(p);
                }
            }
        }
        return out;
    }

    /** The ident a run dir file name belongs to, or null. */
    public static String identOf(String fileName) {
        for (String suffix : SUFFIXES) {
            if (fileName.endsWith(suffix)) {
                String ident = fileName.substring(0, fileName.length() - suffix.length());
                return isIdent(ident) ? ident : null;
            }
        }
        return null;
    }

    /** Whether a word has the form of an ident (computed or given with -g). */
    public static boolean isIdent(String word) {
        return IDENT.matcher(word).matches();
    }

    /** When an ident's entries last changed (milliseconds), as a measure of its last use. */
    public static long lastModified(List<Path> entries) {
        long last = 0;
        for (Path p : entries) {
            try {
                last = Math.max(last, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
            } catch (IOException e) {
                // gone meanwhile
            }
        }
        return last;
    }
}
