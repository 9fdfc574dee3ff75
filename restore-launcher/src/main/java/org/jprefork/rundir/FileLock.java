package org.jprefork.rundir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An exclusive lock on a file in the run dir, held until closed (or the holder dies).
 *
 * <p>These are POSIX record locks: closing any descriptor of the file in this process releases
 * them, so nothing here may open the locked file again. Lock files are never deleted (a process
 * waiting on a deleted one would hold a lock nobody else sees).
 */
public final class FileLock implements AutoCloseable {
    private final FileChannel channel;
    private final java.nio.channels.FileLock lock;

    private FileLock(FileChannel channel, java.nio.channels.FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until the lock is ours. */
    public static FileLock acquire(Path file) throws IOException {
        FileChannel ch = open(file);
        try {
            return new FileLock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The lock if nobody (this JVM included) holds it now, else null. */
    public static FileLock tryAcquire(Path file) throws IOException {
        FileChannel ch = open(file);
        try {
            java.nio.channels.FileLock l = ch.tryLock();
            if (l != null) {
                return new FileLock(ch, l);
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ch.close();
        return null;
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
