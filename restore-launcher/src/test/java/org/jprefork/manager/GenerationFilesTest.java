package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.HeldFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationFilesTest {
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    @TempDir
    Path tmp;

    private int open(Path p, int flags, String written) {
        int fd = Posix.get().open(p.toString(), flags | O_CREAT, 0600);
        assertTrue(fd > 2);
        byte[] b = written.getBytes();
        assertEquals(b.length, Posix.get().write(fd, b, b.length));
        return fd;
    }

    private GenerationFiles files(Path shared, int fd, List<String> deleteAtEnd) {
        return new GenerationFiles(new HeldFiles(List.of(), List.of(shared.toString()), List.of(), deleteAtEnd),
                new int[] {fd}, tmp.resolve("image-1.delete-at-end"));
    }

    @Test
    void aSharedFileDeletedReplacedOrCutBelowTheOffsetIsChanged() throws Exception {
        Path log = tmp.resolve("app.log");
        GenerationFiles f = files(log, open(log, O_WRONLY, "init\ncall 1\n"), List.of());
        assertNull(f.firstChanged());
        Files.writeString(log, "init\ncall 1\nmore written by someone else\n"); // longer: no hole follows
        assertNull(f.firstChanged());
        Files.writeString(log, "");
        assertEquals(log, f.firstChanged(), "truncated below the shared offset");
        Files.delete(log);
        assertEquals(log, f.firstChanged(), "deleted");
        Files.writeString(log, "a new file at the old path, longer than the offset of the old one\n");
        assertEquals(log, f.firstChanged(), "replaced");
        f.end("generation 1");
    }

    @Test
    void copiesWritingMeanwhileAreNoChange() throws Exception {
        Path log = tmp.resolve("busy.log");
        int fd = open(log, O_WRONLY, "");
        GenerationFiles f = files(log, fd, List.of());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            byte[] line = "a line written by a copy through the shared description\n".getBytes();
            while (!stop.get()) {
                Posix.get().write(fd, line, line.length);
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 20_000; i++) {
                assertNull(f.firstChanged(), "look " + i);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        f.end("generation 1");
    }

    @Test
    void anAppendingFileMayBeCutShorter() throws Exception {
        Path log = tmp.resolve("audit.log");
        GenerationFiles f = files(log, open(log, O_WRONLY | O_APPEND, "a line\n"), List.of());
        Files.writeString(log, "");
        assertNull(f.firstChanged(), "appends go to the end, wherever it is");
        f.end("generation 1");
    }

    @Test
    void theEndClosesTheDescriptionsOnceNoRestoreHoldsThemAndDeletesTheFilesLastFirst() throws Exception {
        Path log = tmp.resolve("app.log");
        int fd = open(log, O_WRONLY, "x");
        Path dir = Files.createDirectory(tmp.resolve("made-in-init"));
        Path inside = Files.writeString(dir.resolve("file"), "data");
        GenerationFiles f = files(log, fd, List.of(dir.toString(), inside.toString()));
        assertEquals(List.of(dir.toString(), inside.toString()), Files.readAllLines(tmp.resolve("image-1.delete-at-end")));
        assertEquals(1, f.lease().size());
        f.end("generation 1");
        assertTrue(Files.exists(Path.of("/proc/self/fd/" + fd)), "a restore under way still has it");
        assertNull(f.lease(), "no restore after the end");
        f.releaseLease();
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)));
        assertFalse(Files.exists(dir), "the file registered last went first, then its directory");
        assertFalse(Files.exists(tmp.resolve("image-1.delete-at-end")));
    }
}
