package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogRotationTest {
    @TempDir
    Path tmp;
    final List<Path> reopened = new ArrayList<>();

    private LogRotation rotation(Path log, long max) {
        return new LogRotation(log, max, p -> {
            reopened.add(p);
            Files.writeString(p, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        });
    }

    @Test
    void underTheCapNothingHappens() throws Exception {
        Path log = Files.writeString(tmp.resolve("i.log"), "short\n");
        rotation(log, 100).beforeWrite();
        assertEquals(List.of(), reopened);
        assertFalse(Files.exists(tmp.resolve("i.log.1")));
    }

    @Test
    void atTheCapTheLogBecomesTheOlderHalfAndANewOneOpens() throws Exception {
        Path log = Files.writeString(tmp.resolve("i.log"), "x".repeat(100));
        Files.writeString(tmp.resolve("i.log.1"), "oldest");
        LogRotation r = rotation(log, 100);
        r.beforeWrite();
        assertEquals(List.of(log), reopened);
        assertEquals("x".repeat(100), Files.readString(tmp.resolve("i.log.1")));
        assertEquals("", Files.readString(log));
        r.beforeWrite(); // the new file is small: no second rotation
        assertEquals(1, reopened.size());
    }

    @Test
    void aLogRotatedOrRemovedByAnotherIsFollowed() throws Exception {
        Path log = Files.writeString(tmp.resolve("i.log"), "a\n");
        LogRotation r = rotation(log, 100);
        Files.move(log, tmp.resolve("i.log.1"));
        Files.writeString(log, "the other manager's\n");
        r.beforeWrite();
        assertEquals(List.of(log), reopened);
        Files.delete(log);
        r.beforeWrite();
        assertEquals(List.of(log, log), reopened);
    }
}
