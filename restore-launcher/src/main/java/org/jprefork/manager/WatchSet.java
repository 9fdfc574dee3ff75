package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Files whose change makes a checkpoint stale: the program file, class path entries, and paths
 * the program named. Each is remembered by modification time, size and identity (directories by
 * every file below them), so that a file replaced after the snapshot is noticed even when its
 * time stamp was preserved.
 */
final class WatchSet {
    private final Map<Path, String> snapshot = new LinkedHashMap<>();

    /** Adds paths and records their current state. */
    synchronized void add(List<Path> paths) {
        for (Path p : paths) {
            snapshot.putIfAbsent(p, stateOf(p));
        }
    }

    /** The first watched path that changed since it was added, or null. */
    synchronized Path firstChanged() {
        for (Map.Entry<Path, String> e : snapshot.entrySet()) {
            if (!Objects.equals(e.getValue(), stateOf(e.getKey()))) {
                return e.getKey();
            }
        }
        return null;
    }

    synchronized List<Path> paths() {
        return new ArrayList<>(snapshot.keySet());
    }

    static String stateOf(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isDirectory()) {
                return describe(a);
            }
            StringBuilder sb = new StringBuilder("dir");
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted().forEach(f -> {
                    try {
                        sb.append('\n').append(p.relativize(f)).append(' ')
                                .append(describe(Files.readAttributes(f, BasicFileAttributes.class,
                                        LinkOption.NOFOLLOW_LINKS)));
                    } catch (IOException e) {
                        sb.append('\n').append(f).append(" gone");
                    }
                });
            }
            return sb.toString();
        } catch (java.nio.file.NoSuchFileException e) {
            return "absent";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String describe(BasicFileAttributes a) {
        return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
    }
}
