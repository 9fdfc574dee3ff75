package org.jprefork.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLockTest {
    @TempDir
    Path tmp;

    @Test
    void aHeldLockIsNotTakenTwiceAndIsFreeAfterClose() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (FileLock held = FileLock.acquire(file)) {
            assertNull(FileLock.tryAcquire(file));
        }
        try (FileLock again = FileLock.tryAcquire(file)) {
            assertNotNull(again);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aLockFileRemovedUnderItsHolderIsRecreatedByTheNext() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (FileLock held = FileLock.acquire(file)) {
            Files.delete(file); // as jprefork gc does, under the lock
        }
        try (FileLock next = FileLock.acquire(file)) {
            assertNotNull(next);
            assertEquals(true, Files.exists(file));
        }
    }
}
