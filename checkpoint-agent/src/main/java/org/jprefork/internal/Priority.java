package org.jprefork.internal;

import java.io.File;
import org.jprefork.internal.unix.Posix;

/**
 * A template initialises at a low scheduling priority (a background build must not slow down
 * the calls that run meanwhile), but what it is when parked is what every copy restored from its
 * image is: CRIU restores each thread's nice value. So before it parks it takes the priority the
 * pool manager runs at, thread by thread (Linux keeps a nice value per thread; threads started
 * later inherit their creator's).
 */
final class Priority {
    private static final int PRIO_PROCESS = 0;

    private Priority() {
    }

    /** Sets every thread of this process to {@code nice}; a thread that cannot be set is left as it is. */
    static void restore(int nice) {
        // Twice: a thread started by one not yet set during the first pass inherited the old value.
        for (int pass = 0; pass < 2; pass++) {
            String[] tasks = new File("/proc/self/task").list();
            if (tasks == null) {
                return;
            }
            for (String tid : tasks) {
                try {
                    Posix.get().setpriority(PRIO_PROCESS, Integer.parseInt(tid), nice);
                } catch (RuntimeException e) {
                    // gone, or not ours to change: it keeps its priority
                }
            }
        }
    }
}
