package org.jprefork.manager;

import java.util.concurrent.CompletableFuture;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.Status;

/**
 * Waits for restored copies. criu's --restore-sibling makes them our children, but the JDK does
 * not know them, so each gets a thread blocked in waitpid(2) for exactly that pid: the JDK's own
 * reaper waits only for the pids it started, so neither steals the other's statuses.
 */
final class Reaper {
    private static final int EINTR = jnr.constants.platform.Errno.EINTR.intValue();
    /** The pids a thread waits for: {@link OrphanReaper} leaves them alone. */
    private static final java.util.Set<Long> WATCHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Reaper() {
    }

    static CompletableFuture<Status> watch(long pid) {
        CompletableFuture<Status> exit = new CompletableFuture<>();
        WATCHED.add(pid);
        exit.whenComplete((s, e) -> WATCHED.remove(pid));
        Thread t = new Thread(() -> {
            int[] status = new int[1];
            while (true) {
                int r = Posix.get().waitpid((int) pid, status, 0);
                if (r == pid) {
                    exit.complete(new Status(status[0]));
                    return;
                }
                if (r < 0 && Posix.get().errno() != EINTR) {
                    exit.complete(Status.exited(org.jprefork.protocol.ExitCodes.SERVER_FAILED));
                    return;
                }
            }
        }, "reaper-" + pid);
        t.setDaemon(true);
        t.start();
        return exit;
    }

    /** Whether a thread waits for {@code pid}. */
    static boolean watches(long pid) {
        return WATCHED.contains(pid);
    }

    /**
     * The status of a process the JDK started (the template's launcher). The JDK reports death by
     * signal N as exit value 128+N, the same as exit(128+N), which is how the JVM itself ends on
     * SIGINT, SIGTERM and SIGHUP: report it as that exit code rather than guess a signal.
     */
    static CompletableFuture<Status> watch(Process process) {
        return process.onExit().thenApply(p -> Status.exited(p.exitValue()));
    }
}
