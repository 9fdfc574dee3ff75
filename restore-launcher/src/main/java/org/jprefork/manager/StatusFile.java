package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RUNDIR/IDENT.status: what {@code jprefork status} shows, as {@code key=value} lines, rewritten
 * (atomically, 0600) when a value changes (the manager looks every second) and removed when it
 * stops. Times are absolute (the idle deadline), so an idle pool does not touch its file. Values
 * never hold anything of a caller's (no arguments, no environment).
 */
public final class StatusFile {
    private final String ident;
    private final Path path;
    private volatile boolean stopped;

    StatusFile(Path socket) {
        this.ident = socket.getFileName().toString().replaceFirst("\\.s$", "");
        this.path = socket.resolveSibling(ident + ".status");
    }

    /** The pool's ident (its socket's name). */
    String ident() {
        return ident;
    }

    private Map<String, String> written;

    /** Writes the fields unless they are what was last written. */
    synchronized void writeIfChanged(Map<String, String> fields) {
        if (stopped || fields.equals(written)) {
            return;
        }
        if (write(fields)) {
            written = Map.copyOf(fields);
        }
    }

    private boolean write(Map<String, String> fields) {
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        try {
            Path tmp = Files.createTempFile(path.getParent(), ".status", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false; // status is for display: the next look tries again
        }
    }

    /** Removes the file; later writes do nothing (the manager is stopping). */
    void delete() {
        stopped = true;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a stale file names a dead manager, which status reports as such
        }
    }

    /** Reads a status file written by {@link #write}. */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return fields;
    }
}
