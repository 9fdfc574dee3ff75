package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.jprefork.internal.unix.Posix;

/**
 * Keeps the manager's log (its stderr: the run dir's IDENT.log, which jprefork logs prints) under
 * a size. Past it the file becomes IDENT.log.1, replacing the older one, and stderr moves to a
 * new IDENT.log. The manager of a jprefork -f and the one it replaces share the file: when the
 * other one rotated it, this one follows onto the new file.
 */
final class LogRotation {
    /** Default cap of each of the two files; $JPREFORK_LOG_MAX_BYTES overrides it. */
    static final long DEFAULT_MAX_BYTES = 1 << 20;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final int O_CLOEXEC = 02000000;

    /** Points the writer at a (new) log file. */
    interface Reopen {
        void onto(Path log) throws IOException;
    }

    private final Path log;
    private final long maxBytes;
    private final Reopen reopen;
    private Object openedKey;

    LogRotation(Path log, long maxBytes, Reopen reopen) {
        this.log = log;
        this.maxBytes = maxBytes;
        this.reopen = reopen;
        this.openedKey = keyOf(log);
    }

    /** For stderr when it is a log file in the run dir (as Pools.start makes it), else null. */
    static LogRotation ofStderr() {
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
            if (!target.getFileName().toString().endsWith(".log") || !Files.isRegularFile(target)) {
                return null;
            }
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            String max = System.getenv("JPREFORK_LOG_MAX_BYTES");
            return new LogRotation(target, max == null || max.isBlank() ? DEFAULT_MAX_BYTES : Long.parseLong(max.trim()),
                    LogRotation::dupOntoStderr);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Path of the older half. */
    Path rotated() {
        return log.resolveSibling(log.getFileName() + ".1");
    }

    /** Called before each write; never throws (logging goes on into the current file). */
    synchronized void beforeWrite() {
        try {
            Object key = keyOf(log);
            if (key != null && key.equals(openedKey)) {
                if (Files.size(log) < maxBytes) {
                    return;
                }
                Files.move(log, rotated(), StandardCopyOption.REPLACE_EXISTING);
            }
            // Rotated just now, or by the other manager of this ident, or removed (jprefork gc).
            reopen.onto(log);
            openedKey = keyOf(log);
        } catch (IOException | RuntimeException e) {
            // keep writing where we are
        }
    }

    private static Object keyOf(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void dupOntoStderr(Path log) throws IOException {
        System.err.flush();
        int fd = Posix.get().open(log.toString(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) {
            throw new IOException("cannot open " + log + ": errno " + Posix.get().errno());
        }
        Posix.get().dup2(fd, 2);
        Posix.get().close(fd);
    }
}
