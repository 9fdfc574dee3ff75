package org.jprefork.manager;

import java.nio.charset.StandardCharsets;
import org.jprefork.internal.unix.Posix;

/** jprefork's own lines to a caller, written to the stderr descriptor the caller handed over. */
final class CallerStderr {
    private CallerStderr() {
    }

    /** Writes {@code line} and a newline to {@code fd}. */
    static void line(int fd, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        Posix.get().write(fd, bytes, bytes.length);
    }
}
