package org.jprefork.manager;

/** Calls in progress and the time of the last one, for the idle timeout; a template being built counts too. */
final class ActivityTracker {
    private int running;
    private int building;
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

    /** A template build starts: the pool is busy (not idle), though no call runs. */
    synchronized void buildBegin() {
        building++;
        touch();
    }

    synchronized void buildEnd() {
        building--;
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

    /** Nanoseconds since the last call or build ended, or 0 while one runs. */
    synchronized long idleNanos() {
        return running > 0 || building > 0 ? 0 : System.nanoTime() - lastActivityNanos;
    }

    synchronized int running() {
        return running;
    }

    /** Calls that have ended, since the manager started. */
    synchronized long ended() {
        return ended;
    }
}
