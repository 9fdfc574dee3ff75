package org.jprefork.manager;

import java.nio.file.Path;
import org.jprefork.housekeeping.RunDirGc;
import org.jprefork.rundir.RunDir;

/**
 * prefork-interp's pre-clean: a new pool manager tidies the run dir as {@code jprefork gc} does
 * (stale entries, parked copies of dead managers, at most {@link RunDirGc#DEFAULT_KEEP} idents).
 * It runs once, in the background, after the manager accepts calls, so the call that started it
 * never waits for it; its own ident is left alone.
 */
final class PreClean {
    private PreClean() {
    }

    /** Cleans {@code runDir} in the background, leaving the pool of {@code socket} alone. */
    static void start(Path socket) {
        Thread t = new Thread(() -> run(socket), "pre-clean");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(Path socket) {
        Path dir = socket.getParent();
        String own = socket.getFileName().toString().replaceFirst("\\.s$", "");
        try {
            RunDirGc gc = new RunDirGc(RunDir.at(dir), false).sparing(own);
            int left = gc.run(RunDirGc.DEFAULT_KEEP - 1) + 1; // its own is one of them
            if (!gc.report().isEmpty()) {
                gc.report().forEach(line -> ManagerLog.info("pre-clean: " + line));
                ManagerLog.info("pre-clean: " + left + " idents kept");
            }
        } catch (Exception e) {
            ManagerLog.error("pre-clean of " + dir + " failed", e);
        }
    }
}
