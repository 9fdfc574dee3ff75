package org.jprefork.manager;

import org.jprefork.internal.unix.Posix;

/**
 * Runs the calling thread at a background CPU priority until closed: for restoring spares,
 * which should not take the CPU from a call under way (on two cores, a restore started as a call
 * begins would otherwise run beside it). On Linux the nice value is per thread and a child
 * inherits its creating thread's: criu and the tasks it restores run at nice 10, and criu gives
 * each restored thread the template's own priority back before it runs the program. Not 19: on
 * a machine busy with other work, spares (and a pool's shutdown, which waits for the restores
 * under way) would then starve.
 */
final class BackgroundPriority implements AutoCloseable {
    private static final int PRIO_PROCESS = 0;
    private static final int BACKGROUND = 10;
    private final int saved;
    private final boolean lowered;

    private BackgroundPriority(int saved, boolean lowered) {
        this.saved = saved;
        this.lowered = lowered;
    }

    /** Lowers this thread's priority (best effort: a failure leaves it as it was). */
    static BackgroundPriority enter() {
        int saved = Posix.get().getpriority(PRIO_PROCESS, 0);
        boolean lowered = saved != BACKGROUND && Posix.get().setpriority(PRIO_PROCESS, 0, BACKGROUND) == 0;
        return new BackgroundPriority(saved, lowered);
    }

    /**
     * Lowers every thread of process {@code pid} (best effort): a copy whose caller has its
     * status tears down without taking the CPU from calls under way.
     */
    static void lowerProcess(long pid) {
        java.io.File[] tasks = new java.io.File("/proc/" + pid + "/task").listFiles();
        if (tasks == null) {
            return;
        }
        for (java.io.File task : tasks) {
            try {
                Posix.get().setpriority(PRIO_PROCESS, Integer.parseInt(task.getName()), BACKGROUND);
            } catch (NumberFormatException e) {
                // not a thread
            }
        }
    }

    /** Puts this thread's priority back. */
    @Override
    public void close() {
        if (lowered) {
            Posix.get().setpriority(PRIO_PROCESS, 0, saved);
        }
    }
}
