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
 * the program named. Each is remembered by size, identity, modification time and change time
 * (directories by every file below them). The change time cannot be set by programs, so a file
 * rewritten or replaced with its old time stamp and size is noticed too (CRIU itself checks
 * only sizes).
 */
final class WatchSet {
    /**
     * The system's time zone: the JVM reads it at start-up (tzset) and for the default TimeZone
     * when TZ is unset; a copy made before a change would keep the old zone.
     */
    static final List<Path> SYSTEM_ZONE = List.of(Path.of("/etc/localtime"), Path.of("/etc/timezone"));

    private final Map<Path, String> snapshot = new LinkedHashMap<>();

    /** Adds paths and records their current state. */
    synchronized void add(List<Path> paths) {
        for (Path p : paths) {
            snapshot.putIfAbsent(p, stateOf(p));
        }
    }

    /** Stops watching paths. */
    synchronized void remove(List<Path> paths) {
        paths.forEach(snapshot::remove);
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
                return describe(p, a);
            }
            StringBuilder sb = new StringBuilder("dir");
            try (Stream<Path> files = Files.walk(p)) {
                files.sorted().forEach(f -> {
                    try {
                        sb.append('\n').append(p.relativize(f)).append(' ')
                                .append(describe(f, Files.readAttributes(f, BasicFileAttributes.class,
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

    private static String describe(Path p, BasicFileAttributes a) throws IOException {
        Object ctime = Files.getAttribute(p, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        return a.lastModifiedTime().toMillis() + "/" + ctime + "/" + a.size() + "/" + a.fileKey();
    }
}
