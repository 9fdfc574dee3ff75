package org.jprefork.internal;

import java.io.IOException;
import org.jprefork.internal.unix.Posix;

/** Prepares the template's process state for a checkpoint that any number of copies restore. */
public final class StdioQuiescence {
    private static final int O_RDWR = 2;

    private StdioQuiescence() {
    }

    /**
     * Points stdin, stdout and stderr at /dev/null (the first caller's stderr must not be in the
     * image: a tty or pipe of a caller long gone), moves to {@code dir} (the caller's cwd may
     * vanish before a restore). Output written after this goes nowhere.
     *
     * <p>{@code dir} is private to this template: criu's parasite mounts a proc of the
     * template's PID namespace at "proc.crtools" in the task's cwd while it dumps, and a dump
     * that dies leaves that directory behind, which fails every later dump from the same cwd.
     */
    static void detach(String dir) throws IOException {
        System.out.flush();
        System.err.flush();
        byte[] mark = org.jprefork.protocol.StdioFds.DETACHED;
        Posix.get().write(2, mark, mark.length);
        toDevNull();
        Posix.check(Posix.get().chdir(dir), "chdir(" + dir + ")");
    }

    /** Points fds 0-2 at /dev/null, letting go of whatever they were. */
    public static void toDevNull() throws IOException {
        int devNull = Posix.check(Posix.get().open("/dev/null", O_RDWR, 0), "open(/dev/null)");
        try {
            for (int fd = 0; fd <= 2; fd++) {
                Posix.check(Posix.get().dup2(devNull, fd), "dup2(/dev/null, " + fd + ")");
            }
        } finally {
            if (devNull > 2) {
                Posix.closeQuietly(devNull);
            }
        }
    }
}
