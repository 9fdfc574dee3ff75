package org.jprefork.internal.unix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnr.unixsocket.UnixSocketChannel;
import org.jprefork.protocol.CallRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames with descriptors (SCM_RIGHTS) over a socket pair, as a call travels from client to copy. */
class UnixConnectionTest {
    private static final int FD_CLOEXEC = 1;

    @TempDir
    Path tmp;

    @Test
    void aFrameArrivesWithTheDescriptorsItCarried() throws Exception {
        Path[] files = {tmp.resolve("in"), tmp.resolve("out"), tmp.resolve("err")};
        int[] fds = new int[3];
        for (int i = 0; i < 3; i++) {
            Files.writeString(files[i], "file " + i);
            fds[i] = Posix.check(Posix.get().open(files[i].toString(), 0, 0), "open");
        }
        CallRequest call = CallRequest.of(List.of("a", "b"), java.util.Map.of("K", "v".repeat(100_000)), "/tmp",
                StandardCharsets.UTF_8);
        UnixSocketChannel[] pair = UnixSocketChannel.pair();
        try (UnixConnection a = UnixConnection.of(pair[0]); UnixConnection b = UnixConnection.of(pair[1])) {
            // Bigger than a socket buffer: a writer thread, as the peers are in separate processes.
            Thread writer = new Thread(() -> {
                try {
                    a.writeFrame(call.toFrame(), fds);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            UnixConnection.ReceivedFrame got = b.readFrame(3);
            writer.join(10_000);
            assertArrayEquals(call.toFrame().encode(), got.frame().encode());
            assertEquals(3, got.fds().length);
            for (int i = 0; i < 3; i++) {
                int fd = got.fds()[i];
                assertEquals(Posix.get().fstat(fds[i]).ino(), Posix.get().fstat(fd).ino(), "descriptor " + i);
                assertTrue((Posix.get().fcntl(fd, jnr.constants.platform.Fcntl.F_GETFD) & FD_CLOEXEC) != 0,
                        "close-on-exec on descriptor " + i);
            }
            got.closeFds();
            // More descriptors than asked for: the extra ones are not kept.
            a.writeFrame(call.toFrame(), fds);
            UnixConnection.ReceivedFrame one = b.readFrame(1);
            assertEquals(1, one.fds().length);
            one.closeFds();
            a.close();
            assertNull(b.readFrame(3), "end of stream");
        } finally {
            for (int fd : fds) {
                Posix.closeQuietly(fd);
            }
        }
    }
}
