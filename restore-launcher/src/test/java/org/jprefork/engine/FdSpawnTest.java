package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.Posix;
import org.junit.jupiter.api.Test;

class FdSpawnTest {
    /** Reads a pipe to its end. */
    private static String drain(int fd) {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        int n;
        while ((n = Posix.get().read(fd, buf, buf.length)) > 0) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    @Test
    void theChildGetsTheGivenDescriptorsFromThreeAndNoOther() throws Exception {
        int[] out = new int[2];
        int[] shared = new int[2];
        int[] notGiven = new int[2];
        assertEquals(0, Posix.get().pipe(out));
        assertEquals(0, Posix.get().pipe(shared));
        assertEquals(0, Posix.get().pipe(notGiven));
        try {
            // Descriptor 3 is the output pipe, 4 the other one; the listing shows what the child holds.
            FdSpawn.Spawned s = FdSpawn.start(List.of("sh", "-c", "echo given >&4; ls /proc/self/fd >&3; exit 7"),
                    new int[] {out[1], shared[1]});
            Posix.get().close(out[1]);
            Posix.get().close(shared[1]);
            assertEquals(7, s.exit().get(30, TimeUnit.SECONDS));
            assertEquals("given\n", drain(shared[0]));
            // ls's own descriptor of the directory is the fifth.
            assertEquals(List.of("0", "1", "2", "3", "4", "5"), List.of(drain(out[0]).trim().split("\n")));
        } finally {
            for (int fd : new int[] {out[0], shared[0], notGiven[0], notGiven[1]}) {
                Posix.closeQuietly(fd);
            }
        }
    }

    @Test
    void aSignalledChildExitsWith128PlusTheSignal() throws Exception {
        FdSpawn.Spawned s = FdSpawn.start(List.of("sh", "-c", "kill -TERM $$"), new int[0]);
        assertEquals(128 + 15, s.exit().get(30, TimeUnit.SECONDS));
    }
}
