package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesChangedTest {
    @TempDir
    Path tmp;

    private String reason(String log) throws Exception {
        return ImageFilesChanged.reason(Files.writeString(tmp.resolve("restore.log"), log));
    }

    @Test
    void criusComplaintsAboutChangedFilesAreFound() throws Exception {
        String noise = "(00.001) Error (criu/util.c:1533): rlimit: Can't setup RLIMIT_NOFILE for self: Operation not permitted\n";
        assertEquals("File tmp/w/app.log has bad size 12 (expect 5)", reason(noise
                + "(00.050)      1: Error (criu/files-reg.c:2175): File tmp/w/app.log has bad size 12 (expect 5)\n"));
        assertEquals("Can't open file tmp/w/data.txt: No such file or directory", reason(noise
                + "(00.050)      1: Error (criu/files-reg.c:2262): Can't open file tmp/w/data.txt: No such file or directory\n"));
        assertEquals("File usr/lib/x.so has bad build-ID", reason(
                "     1: Error (criu/files-reg.c:2150): File usr/lib/x.so has bad build-ID\n"));
    }

    @Test
    void otherFailuresAreNot() throws Exception {
        assertNull(reason("(00.001) Error (criu/util.c:1533): rlimit: Can't setup RLIMIT_NOFILE for self\n"
                + "(00.040) Error (criu/cr-restore.c:1480): Can't fork for 12: File exists\n"));
        assertNull(ImageFilesChanged.reason(tmp.resolve("no-such-log")));
    }
}
