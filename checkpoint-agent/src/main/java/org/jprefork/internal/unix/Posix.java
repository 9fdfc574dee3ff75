package org.jprefork.internal.unix;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The process-wide native POSIX binding, loaded on first use so that programs that never run
 * under jprefork never pay for it.
 */
public final class Posix {
    private static volatile POSIX posix;

    private Posix() {
    }

    public static POSIX get() {
        POSIX p = posix;
        if (p == null) {
            synchronized (Posix.class) {
                p = posix;
                if (p == null) {
                    p = POSIXFactory.getNativePOSIX();
                    posix = p;
                }
            }
        }
        return p;
    }

    /** Throws an {@link ErrnoException} naming the call when a native call returned -1. */
    public static int check(int result, String call) throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(call, get().errno());
        }
        return result;
    }

    /** Closes a descriptor, ignoring errors: for clean-up paths. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            get().close(fd);
        }
    }
}
