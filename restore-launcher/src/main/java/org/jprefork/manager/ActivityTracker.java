package org.jprefork.manager;

/** Calls in progress and the time of the last one, for the idle timeout. */
final class ActivityTracker {
    private int running;
    private long ended;
    private long lastActivityNanos = System.nanoTime();
    private long lastActivityMillis = System.currentTimeMillis();

    synchronized void begin() {
        running++;
        touch();
    }

    synchronized void end() {
        running--;
        ended++;
        touch();
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
        lastActivityMillis = System.currentTimeMillis();
    }

    /** When (epoch milliseconds) the last call began or ended: the idle deadline counts from it. */
    synchronized long lastActivityMillis() {
        return lastActivityMillis;
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
