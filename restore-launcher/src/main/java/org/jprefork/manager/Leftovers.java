package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jprefork.engine.CriuEngine;
import org.jprefork.housekeeping.PoolProcesses;

/**
 * What a pool manager that died without cleaning up (SIGKILL, OOM) left of its ident, removed by
 * its successor before it listens: its directory of images (they hold the memory of the
 * program) and the processes it started that outlived it. A parked copy exits by itself when
 * its connection to the manager closes, but a template is the child of its namespace launcher,
 * which outlives the manager and keeps it running with its caller's descriptors, and a criu
 * restore under way loses its parent and waits forever.
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
        List<Path> dead = deadManagersDirs(identDir, self);
        dead.forEach(Leftovers::killCriuRuns); // first: a restore under way may still add tasks
        killOrphans(socket);
        for (Path d : dead) {
            deleteOnExitFiles(d);
            ManagerLog.info("removing " + d + ", left by a pool manager that died");
            try {
                CriuEngine.deleteTree(d);
            } catch (IOException | RuntimeException e) {
                ManagerLog.error("cannot remove " + d, e);
            }
        }
    }

    /** The deleteOnExit files of the dead manager's generations (GenerationFiles records them). */
    private static void deleteOnExitFiles(Path managerDir) {
        try (Stream<Path> files = Files.list(managerDir)) {
            for (Path record : files.filter(f -> f.toString().endsWith(".delete-at-end")).toList()) {
                GenerationFiles.deleteAll(Files.readAllLines(record), "a pool manager that died");
            }
        } catch (IOException | RuntimeException e) {
            ManagerLog.error("cannot read the deleteOnExit files left in " + managerDir, e);
        }
    }

    private static void killOrphans(Path socket) {
        for (ProcessHandle p : PoolProcesses.orphansOf(socket)) {
            ManagerLog.info("killing pid " + p.pid() + ", left running by a pool manager that died");
            p.destroyForcibly();
        }
    }

    private static List<Path> deadManagersDirs(Path identDir, long self) {
        List<Path> dead = new ArrayList<>();
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
                    dead.add(d);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no directory yet: nothing left by anyone
        } catch (IOException | RuntimeException e) {
            ManagerLog.error("cannot sweep " + identDir, e);
        }
        return dead;
    }

    /**
     * A criu run of a dead manager (its command line names that manager's directory) lost its
     * parent: a restore then waits forever (seen when a manager was killed while restoring a
     * spare). What it restored so far is a template's JVM, which {@link #killOrphans} kills.
     */
    private static void killCriuRuns(Path deadManagerDir) {
        String mark = " " + deadManagerDir + "/";
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (PoolProcesses.commandLine(p).map(c -> c.contains(mark)).orElse(false)) {
                ManagerLog.info("killing pid " + p.pid() + ", a criu run of a pool manager that died");
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
}
