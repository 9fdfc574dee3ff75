package org.jprefork.manager;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Counts the pool manager's errors; past max_errors, the manager exits (the next call starts afresh). */
final class ErrorCounter {
    private final AtomicInteger count = new AtomicInteger();
    private final IntSupplier max;
    private final Runnable onExceeded;

    ErrorCounter(IntSupplier max, Runnable onExceeded) {
        this.max = max;
        this.onExceeded = onExceeded;
    }

    void record(String what, Throwable cause) {
        ManagerLog.error(what, cause);
        if (count.incrementAndGet() > max.getAsInt()) {
            ManagerLog.info("more than " + max.getAsInt() + " errors: exiting");
            // Not on this thread: it may be a call or the refill thread that the shutdown waits for.
            Thread t = new Thread(onExceeded, "shutdown");
            t.start();
        }
    }

    int count() {
        return count.get();
    }
}
