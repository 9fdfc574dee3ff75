package org.jprefork.housekeeping;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jprefork.client.Pools;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;
import org.jprefork.rundir.RunDirListing;

/**
 * {@code jprefork gc}: what prefork-interp's pre-clean does, for jprefork's run dir. An ident
 * whose manager is gone and whose socket nobody listens on loses its socket, pid file and images
 * (under its lock: one held means a pool is being started, and is left alone; lock files
 * themselves stay, see {@link FileLock}); a
 * running pool loses the image directories of managers that no longer run. When more than
 * {@code keep} idents remain, the least recently used go entirely, logs included, and their
 * pools are stopped.
 */
public final class RunDirGc {
    /** As prefork-interp: at most this many sockets pile up. */
    public static final int DEFAULT_KEEP = 100;

    private final RunDir runDir;
    private final boolean dryRun;
    private final Set<String> listening;
    private final List<String> report = new ArrayList<>();
    private String spared;

    public RunDirGc(RunDir runDir, boolean dryRun) throws IOException {
        this(runDir, dryRun, UnixListeners.paths());
    }

    RunDirGc(RunDir runDir, boolean dryRun, Set<String> listening) {
        this.runDir = runDir;
        this.dryRun = dryRun;
        this.listening = listening;
    }

    /** Leaves this ident alone whatever its state (a new manager's own, during its pre-clean). */
    public RunDirGc sparing(String ident) {
        spared = ident;
        return this;
    }

    /** One line per ident acted on, for the user. */
    public List<String> report() {
        return report;
    }

    /** Cleans; returns the number of idents left. */
    public int run(int keep) throws IOException {
        killParkedOrphans();
        Map<String, List<Path>> idents = RunDirListing.byIdent(runDir.path());
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, List<Path>> e : idents.entrySet()) {
            String ident = e.getKey();
            if (e.getValue().equals(List.of(runDir.lock(ident))) || ident.equals(spared)) {
                continue; // a lock file alone is no pool (and stays: see FileLock)
            }
            if (running(ident)) {
                removeDeadManagersImages(ident);
                kept.add(ident);
            } else if (cleanStale(ident)) {
                kept.add(ident);
            }
        }
        // Lock files do not count: gc itself creates a missing one (tryAcquire above), which
        // would make every ident it looked at the most recently used.
        Map<String, Long> lastUse = new java.util.HashMap<>();
        for (String i : kept) {
            lastUse.put(i, RunDirListing.lastModified(entries(i).stream().filter(p -> !p.equals(runDir.lock(i))).toList()));
        }
        kept.sort(Comparator.comparingLong((String i) -> lastUse.get(i)).thenComparing(Comparator.naturalOrder()));
        while (kept.size() > keep) {
            String oldest = kept.remove(0);
            removeEntirely(oldest);
        }
        return kept.size();
    }

    /**
     * Copies and spares of this run dir's pools whose manager died, and that are parked (see
     * {@link PoolProcesses#parked}): they wait for a call that can never come, holding the
     * program's memory. One serving a call is left to finish; another user's is not ours to judge.
     */
    private void killParkedOrphans() {
        int uid = org.jprefork.internal.unix.Posix.get().getuid();
        for (PoolProcesses.Member m : PoolProcesses.orphansIn(runDir.path())) {
            if (!PoolProcesses.parked(m.process(), runDir.path()) || PoolProcesses.uid(m.process()) != uid) {
                continue;
            }
            String ident = m.socket().getFileName().toString().replaceFirst("\\.s$", "");
            if (!dryRun) {
                m.process().destroyForcibly();
            }
            report.add((dryRun ? "would kill " : "killed ") + ident + ": pid " + m.process().pid()
                    + ", a parked copy whose pool manager died");
        }
    }

    private boolean running(String ident) {
        return Pools.running(runDir, ident).isPresent() || listening.contains(runDir.socket(ident).toString());
    }

    /**
     * A dead pool's leftovers go, its logs stay (for jprefork logs); true when the ident keeps
     * more than its lock: its logs or its program's scan, or everything when its lock is held (a
     * pool is being started).
     */
    private boolean cleanStale(String ident) throws IOException {
        List<String> removed = new ArrayList<>();
        try (FileLock lock = FileLock.tryAcquire(runDir.lock(ident))) {
            // Under the lock a starting client has finished: its manager shows in the pid file.
            if (lock == null || Pools.running(runDir, ident).isPresent()) {
                return true;
            }
            delete(runDir.socket(ident), "socket", removed);
            delete(runDir.pidFile(ident), "pid file", removed);
            delete(runDir.path().resolve(ident + ".d"), "images", removed);
            delete(runDir.path().resolve(ident + ".status"), "status file", removed);
            delete(runDir.path().resolve(ident + ".s.copy-errors"), "copy errors", removed);
            // A program run as plain java has no pool, only what its client remembers of it.
            boolean kept = Files.exists(runDir.log(ident)) || Files.exists(rotatedLog(ident))
                    || Files.exists(runDir.path().resolve(ident + ".scan"));
            if (!removed.isEmpty()) {
                report.add((dryRun ? "would remove " : "removed ") + ident + ": " + String.join(", ", removed));
            }
            return kept;
        }
    }

    /** Image directories (m<PID>) of this ident's managers that no longer run. */
    private void removeDeadManagersImages(String ident) throws IOException {
        Path pool = runDir.path().resolve(ident + ".d");
        if (!Files.isDirectory(pool)) {
            return;
        }
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(pool, "m*")) {
            for (Path d : dirs) {
                String pid = d.getFileName().toString().substring(1);
                if (pid.matches("\\d{1,10}") && !isManager(Long.parseLong(pid), ident)) {
                    delete(d, "images of manager " + pid, removed);
                }
            }
        }
        if (!removed.isEmpty()) {
            report.add((dryRun ? "would remove " : "removed ") + ident + ": " + String.join(", ", removed));
        }
    }

    private boolean isManager(long pid, String ident) {
        String socket = runDir.socket(ident).toString();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().arguments().map(a -> List.of(a).contains(socket)).orElse(true))
                .orElse(false);
    }

    /** Over the limit: the pool stops and every entry goes, logs included. */
    private void removeEntirely(String ident) throws IOException {
        if (dryRun) {
            report.add("would remove " + ident + " entirely (over the limit)");
            return;
        }
        boolean stopped = Pools.stop(runDir, ident);
        try (FileLock lock = FileLock.tryAcquire(runDir.lock(ident))) {
            if (lock == null) {
                report.add(ident + ": being started, left alone");
                return;
            }
            for (Path p : entries(ident)) {
                if (!p.equals(runDir.lock(ident))) {
                    deleteTree(p);
                }
            }
        }
        report.add("removed " + ident + " entirely (over the limit" + (stopped ? "; its pool was stopped)" : ")"));
    }

    private Path rotatedLog(String ident) {
        return runDir.path().resolve(ident + ".log.1");
    }

    private List<Path> entries(String ident) {
        try {
            return RunDirListing.byIdent(runDir.path()).getOrDefault(ident, List.of());
        } catch (IOException e) {
            return List.of();
        }
    }

    private void delete(Path p, String what, List<String> removed) throws IOException {
        if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            removed.add(what);
            if (!dryRun) {
                deleteTree(p);
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }
}
