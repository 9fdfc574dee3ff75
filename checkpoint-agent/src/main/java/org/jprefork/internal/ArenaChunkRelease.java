package org.jprefork.internal;

import java.util.concurrent.TimeUnit;

/**
 * Lets HotSpot give back its JIT compilers' freed memory before a CRIU dump. HotSpot keeps the
 * chunks of finished compilations' arenas in a pool, and a periodic task (ChunkPoolCleaner in
 * arena.cpp) frees that pool every 5 s of the WatcherThread's time; that thread starts as the JVM's
 * creation ends, just after agents' premain. Dumped before a tick, an image holds those chunks:
 * SlowInit's image went from 80-86 MB to 55 MB with the wait, its restores from 71-76 ms to
 * 59-60 ms (docs/benchmarks.md). The template waits for the first tick after its warm-up: no
 * caller waits for a template (docs/design.md, "What the first caller waits for").
 */
final class ArenaChunkRelease {
    private static final long PERIOD_NS = TimeUnit.SECONDS.toNanos(5);
    /** After the tick: the task's own latency, and the WatcherThread starting after premain. */
    private static final long MARGIN_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static volatile long ticksFrom;

    private ArenaChunkRelease() {
    }

    /** Called as premain ends: the periodic tasks' clock starts about now. */
    static void premainEnds() {
        ticksFrom = System.nanoTime();
    }

    /** Sleeps until just after the pool's next cleaning; returns the time waited, in ms. */
    static long await() {
        long from = ticksFrom;
        if (from == 0) {
            return 0;
        }
        long since = System.nanoTime() - from;
        long wait = until(since);
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return TimeUnit.NANOSECONDS.toMillis(wait);
    }

    /** From {@code since} ns after premain, the wait to {@code MARGIN} after the next tick. */
    static long until(long since) {
        long k = Math.max(1, Math.floorDiv(since - MARGIN_NS, PERIOD_NS) + 1);
        return k * PERIOD_NS + MARGIN_NS - since;
    }
}
