package org.jprefork.manager;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** The durations of a pool's latest restores, for its median in {@code jprefork status}. */
final class RestoreTimes {
    private static final int KEPT = 101;
    private final Deque<Long> millis = new ArrayDeque<>();

    synchronized void add(long ms) {
        if (millis.size() == KEPT) {
            millis.removeFirst();
        }
        millis.addLast(ms);
    }

    /** The median of the kept durations, or -1 before the first restore. */
    synchronized long median() {
        if (millis.isEmpty()) {
            return -1;
        }
        long[] sorted = millis.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
