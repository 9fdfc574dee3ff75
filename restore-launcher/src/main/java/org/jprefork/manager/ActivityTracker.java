package org.jprefork.manager;

/** Calls in progress and the time of the last one, for the idle timeout. */
final class ActivityTracker {
    private int running;
    private long ended;
    private long lastActivityNanos = System.nanoTime();

    synchronized void begin() {
        running++;
        lastActivityNanos = System.nanoTime();
    }

    synchronized void end() {
        running--;
        ended++;
        lastActivityNanos = System.nanoTime();
    }

    /** Nanoseconds since the last call ended, or 0 while a call runs. */
    synchronized long idleNanos() {
        return running > 0 ? 0 : System.nanoTime() - lastActivityNanos;
    }

    synchronized int running() {
        return running;
    }

    /** Calls that have ended, since the manager started. */
    synchronized long ended() {
        return ended;
    }
}
