package org.jprefork.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {
    @TempDir
    Path tmp;

    @Test
    void isCreatedPrivate() throws Exception {
        RunDir d = RunDir.locate(Map.of("JPREFORK_RUN_DIR", tmp.resolve("run").toString()));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.path())));
        assertTrue(d.socket("abc").toString().endsWith("/run/abc.s"));
    }

    @Test
    void followsXdgRuntimeDir() throws Exception {
        assertEquals(tmp.resolve("jprefork"), RunDir.choose(Map.of("XDG_RUNTIME_DIR", tmp.toString())));
    }

    @Test
    void refusesADirectoryOthersCanWrite() throws Exception {
        Path open = tmp.resolve("open");
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> RunDir.at(open));
        assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
    }

    @Test
    void tightensAReadableDirectory() throws Exception {
        Path readable = tmp.resolve("readable");
        Files.createDirectory(readable);
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rwxr-xr-x"));
        RunDir.at(readable);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(readable)));
    }
}
