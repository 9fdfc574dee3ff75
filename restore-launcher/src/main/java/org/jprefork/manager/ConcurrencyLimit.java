package org.jprefork.manager;

/** At most {@code max} calls executing at once (negative: no limit); the others wait their turn. */
final class ConcurrencyLimit {
    private int max;
    private int inUse;

    ConcurrencyLimit(int max) {
        this.max = max;
    }

    synchronized void setMax(int max) {
        this.max = max;
        notifyAll();
    }

    synchronized void acquire() throws InterruptedException {
        while (max >= 0 && inUse >= Math.max(max, 1)) {
            wait();
        }
        inUse++;
    }

    synchronized void release() {
        inUse--;
        notifyAll();
    }

    synchronized int inUse() {
        return inUse;
    }
}
