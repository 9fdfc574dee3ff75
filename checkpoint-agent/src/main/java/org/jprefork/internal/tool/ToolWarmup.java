package org.jprefork.internal.tool;

import org.jprefork.internal.unix.Posix;

/**
 * Runs a tool's main once in the template with warm-up arguments, so that the checkpoint holds
 * what the tool loads and initialises in its own start-up. Its output goes to /dev/null (at the
 * descriptor level: streams the tool keeps write to the caller's descriptors later) and its
 * System.exit is contained.
 */
final class ToolWarmup {
    private ToolWarmup() {
    }

    /** The warm-up run itself. */
    interface Run {
        void run() throws Throwable;
    }

    /** Returns what the run ended with, if not normally or by System.exit; else null. */
    static Throwable run(Run main) {
        System.out.flush();
        System.err.flush();
        int out = Posix.get().dup(1);
        int err = Posix.get().dup(2);
        int devNull = Posix.get().open("/dev/null", jnr.constants.platform.OpenFlags.O_WRONLY.intValue(), 0);
        Posix.get().dup2(devNull, 1);
        Posix.get().dup2(devNull, 2);
        Posix.closeQuietly(devNull);
        ExitTrap.arm(true);
        try {
            main.run();
            return null;
        } catch (Throwable t) {
            return ExitTrap.caught(t) ? null : t;
        } finally {
            ExitTrap.arm(false);
            System.out.flush();
            System.err.flush();
            Posix.get().dup2(out, 1);
            Posix.get().dup2(err, 2);
            Posix.closeQuietly(out);
            Posix.closeQuietly(err);
        }
    }
}
