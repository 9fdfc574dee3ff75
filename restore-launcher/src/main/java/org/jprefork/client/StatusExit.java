package org.jprefork.client;

import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Status;

/**
 * Turns the copy's wait status into this client's exit, as prefork-interp does: the same exit
 * code; death by INT, TERM, HUP, PIPE or KILL (no core) is repeated on the client itself;
 * another signal prints a message and exits 127.
 */
final class StatusExit {
    private static final int SIGKILL = 9;

    private StatusExit() {
    }

    static int exitCode(Status status) {
        if (status.isExited()) {
            return status.exitCode();
        }
        int sig = status.signal();
        boolean plain = !status.coreDumped() && (sig == 1 || sig == 2 || sig == 9 || sig == 13 || sig == 15);
        if (!plain) {
            System.err.println("jprefork: program " + status);
            return ExitCodes.UNUSUAL_SIGNAL;
        }
        if (sig == SIGKILL) {
            System.out.flush();
            Posix.get().kill(Posix.get().getpid(), SIGKILL);
        }
        // The JVM handles INT, TERM and HUP itself (exiting 128+N) and ignores PIPE: the closest a
        // Java client can come to dying of them. The native client re-raises them exactly.
        return 128 + sig;
    }
}
