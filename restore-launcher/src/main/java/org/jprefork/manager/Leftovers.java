package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jprefork.engine.CriuEngine;
import org.jprefork.housekeeping.PoolProcesses;

/**
 * What a pool manager that died without cleaning up (SIGKILL, OOM) left of its ident, removed by
 * its successor before it listens: its directory of images (they hold the memory of the
 * program) and the processes it started that outlived it. Restored copies die with their
 * manager (criu restores the template's parent-death signal), but a template is the child of
 * its {@code unshare} launcher, which outlives the manager and keeps it running with its
 * caller's descriptors.
 */
final class Leftovers {
    private Leftovers() {
    }

    /**
     * Removes the leftovers of dead managers of the pool whose socket is {@code socket}, whose
     * managers keep their files in {@code identDir/mPID}. A manager still alive (one draining
     * its calls after {@code jprefork -f}) keeps everything.
     */
    static void sweep(Path socket, Path identDir, long self) {
        killOrphans(socket);
        removeDeadManagersDirs(identDir, self);
    }

    private static void killOrphans(Path socket) {
        for (ProcessHandle p : PoolProcesses.orphansOf(socket)) {
            ManagerLog.info("killing pid " + p.pid() + ", left running by a pool manager that died");
            p.destroyForcibly();
        }
    }

    private static void removeDeadManagersDirs(Path identDir, long self) {
        try (Stream<Path> dirs = Files.list(identDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (!name.matches("m[0-9]{1,10}")) {
                    continue;
                }
                long pid = Long.parseLong(name.substring(1));
                if (pid != self && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // a manager draining its calls, or a reused pid: leave it be
                }
                if (pid != self) {
                    ManagerLog.info("removing " + d + ", left by a pool manager that died");
                    CriuEngine.deleteTree(d);
                }
            }
        } catch (IOException | RuntimeException e) {
            ManagerLog.error("cannot sweep " + identDir, e);
        }
    }
}
