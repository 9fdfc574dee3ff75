package org.jprefork.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.jprefork.internal.unix.Posix;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void theLineNamesTheWorkAndTheTimeSoFar() {
        assertEquals("jprefork: checkpointing x.java... 2.1 s", Progress.line("checkpointing x.java", 2_140_000_000L));
    }

    @Test
    void theThresholdComesFromTheEnvironmentAndDefaultsToOneSecond() {
        assertEquals(Duration.ZERO, Progress.after("0"));
        assertEquals(Duration.ofMillis(250), Progress.after(" 250 "));
        assertEquals(Duration.ofSeconds(1), Progress.after(null));
        assertEquals(Duration.ofSeconds(1), Progress.after("soon"));
        assertEquals(Duration.ofSeconds(1), Progress.after("-5"));
    }

    @Test
    void nothingIsWrittenToAPipe() throws Exception {
        int[] fds = new int[2];
        assertEquals(0, Posix.get().pipe(fds));
        try (Progress p = Progress.start(fds[1], "working", Duration.ZERO)) {
            Thread.sleep(300); // a shown line would have been written by now (ticks are 200 ms)
        }
        Posix.get().close(fds[1]);
        byte[] buf = new byte[64];
        assertEquals(0, Posix.get().read(fds[0], buf, buf.length)); // end of file: nothing came
        Posix.get().close(fds[0]);
    }
}
