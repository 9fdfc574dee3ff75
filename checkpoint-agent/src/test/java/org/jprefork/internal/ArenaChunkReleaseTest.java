package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ArenaChunkReleaseTest {
    private static long ms(long ms) {
        return ms * 1_000_000L;
    }

    @Test
    void waitsUntilJustAfterTheNextTick() {
        assertEquals(ms(5300), ArenaChunkRelease.until(0));
        assertEquals(ms(400), ArenaChunkRelease.until(ms(4900)));
        assertEquals(ms(200), ArenaChunkRelease.until(ms(5100)), "the tick at 5 s may not have run yet");
        assertEquals(ms(4950), ArenaChunkRelease.until(ms(5350)), "the tick at 5 s has run: the next");
        assertEquals(ms(1), ArenaChunkRelease.until(ms(15299)));
    }
}
