package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    @TempDir
    Path tmp;

    @Test
    void theFileIsRewrittenOnlyWhenAValueChanges() throws Exception {
        StatusFile status = new StatusFile(tmp.resolve("abc.s"));
        Path file = tmp.resolve("abc.status");
        status.writeIfChanged(Map.of("calls_served", "1", "idle_exit_at_ms", "1000"));
        Object first = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);

        status.writeIfChanged(Map.of("calls_served", "1", "idle_exit_at_ms", "1000"));
        assertEquals(old, Files.getLastModifiedTime(file)); // the same values: not touched
        assertEquals(first, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());

        status.writeIfChanged(Map.of("calls_served", "2", "idle_exit_at_ms", "5000"));
        assertNotEquals(old, Files.getLastModifiedTime(file));
        assertEquals(Map.of("calls_served", "2", "idle_exit_at_ms", "5000"), StatusFile.read(file));

        status.delete();
        status.writeIfChanged(Map.of("calls_served", "3"));
        assertFalse(Files.exists(file)); // stopping: no more writes
    }
}
