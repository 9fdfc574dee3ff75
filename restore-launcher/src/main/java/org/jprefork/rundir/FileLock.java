package org.jprefork.rundir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exclusive lock on a file in the run dir, held until closed (or the holder dies).
 *
 * <p>{@code jprefork gc} deletes lock files that nobody holds. A process that opened the file
 * just before and then got the lock would hold a lock on a file no other process can find; so
 * the holder writes a token into the locked file and checks that the path still shows it,
 * else it starts again on the file the path names now.
 */
public final class FileLock implements AutoCloseable {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private FileLock(FileChannel channel, java.nio.channels.FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock is ours. */
    public static FileLock acquire(Path file) throws IOException {
        while (true) {
            FileLock held = take(file, true);
            if (held != null) {
                return held;
            }
        }
    }

    /** The lock if nobody holds it now, else null. */
    public static FileLock tryAcquire(Path file) throws IOException {
        return take(file, false);
    }

    /** Null when not taken (held elsewhere, or the file was replaced meanwhile). */
    private static FileLock take(Path file, boolean wait) throws IOException {
        FileChannel ch = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            java.nio.channels.FileLock l;
            try {
                l = wait ? ch.lock() : ch.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                if (wait) {
                    throw e;
                }
                l = null; // this JVM holds it
            }
            if (l != null) {
                if (pathShowsOurToken(file, ch)) {
                    return new FileLock(ch, l);
                }
                l.release();
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ch.close();
        return null;
    }

    private static boolean pathShowsOurToken(Path file, FileChannel ch) throws IOException {
        String token = ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)), 0);
        try {
            return Files.readString(file).equals(token);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
