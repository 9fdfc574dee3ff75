package org.jprefork.internal.unix;

import java.io.IOException;
import jnr.constants.platform.Errno;

/** A failed system call, named with its arguments, as in "dup2(7, 1) failed: Bad file descriptor". */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + " failed: " + describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        Errno e = Errno.valueOf(errno);
        return e == null || e == Errno.__UNKNOWN_CONSTANT__ ? "errno " + errno : e.description();
    }
}
