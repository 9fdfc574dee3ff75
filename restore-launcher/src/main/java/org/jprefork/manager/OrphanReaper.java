package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.Posix;

/**
 * Reaps what a failed criu restore leaves. With --restore-sibling criu makes the restored tree's
 * root our child, and kills it when the restore fails; its pid was never reported (criu writes
 * the pid file at the end), so no {@link Reaper} waits for it, and it would stay a zombie for the
 * pool's whole life. Only a zombie child that is the init of a PID namespace of its own (a
 * restored root: nothing else the manager starts is one) and that no Reaper watches is reaped:
 * a watched copy's status belongs to its call.
 */
final class OrphanReaper {
    private static final int WNOHANG = 1;
    /** The killed root ends a moment after criu reports the failure: looked for again later. */
    private static final List<Long> SWEEPS_MS = List.of(200L, 2000L);
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orphan-reaper");
        t.setDaemon(true);
        return t;
    });

    private OrphanReaper() {
    }

    /** After a failed restore. */
    static void sweepSoon() {
        for (long ms : SWEEPS_MS) {
            LATER.schedule(OrphanReaper::sweep, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Reaps the orphaned roots there are now; returns how many. */
    static int sweep() {
        int reaped = 0;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            long pid = child.pid();
            if (Reaper.watches(pid) || !orphanedRoot(pid)) {
                continue;
            }
            if (Posix.get().waitpid((int) pid, new int[1], WNOHANG) == pid) {
                ManagerLog.info("reaped " + pid + ", left by a failed restore");
                reaped++;
            }
        }
        return reaped;
    }

    /** A zombie whose pid in a namespace below ours is 1 (NSpid: HOST 1). */
    static boolean orphanedRoot(long pid) {
        try {
            boolean zombie = false;
            boolean root = false;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("State:")) {
                    zombie = line.substring(6).trim().startsWith("Z");
                } else if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).trim().split("\\s+");
                    root = ids.length == 2 && ids[1].equals("1");
                }
            }
            return zombie && root;
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
    }
}
