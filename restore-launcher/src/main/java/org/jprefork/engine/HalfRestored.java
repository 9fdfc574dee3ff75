package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tasks that a criu run cut short leaves behind. A task criu was restoring, left without criu,
 * spins at full CPU for good (seen here: one ran for an hour after a restore timed out). With
 * {@code --restore-sibling} such tasks are this process's children, not criu's.
 */
final class HalfRestored {
    /** The criu processes this JVM started and that still run. */
    private static final Set<Long> LAUNCHED = ConcurrentHashMap.newKeySet();

    private HalfRestored() {
    }

    /** A criu run started, whose exit completes {@code exit}. */
    static void launched(long pid, java.util.concurrent.CompletableFuture<?> exit) {
        LAUNCHED.add(pid);
        exit.whenComplete((r, e) -> LAUNCHED.remove(pid));
    }

    /**
     * Kills criu run {@code p} and what it was restoring: its descendants, and this process's
     * children that run the criu binary, were started since {@code p}, and are no criu run of ours.
     */
    static void kill(ProcessHandle p, Path criu) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        Instant since = p.info().startInstant().orElse(Instant.EPOCH);
        Path binary;
        try {
            binary = criu.toRealPath();
        } catch (IOException e) {
            binary = criu;
        }
        Path exe = binary;
        ProcessHandle.current().children()
                .filter(c -> c.pid() != p.pid() && !LAUNCHED.contains(c.pid()))
                .filter(c -> c.info().command().map(cmd -> Path.of(cmd).equals(exe)).orElse(false))
                .filter(c -> c.info().startInstant().map(t -> !t.isBefore(since)).orElse(true))
                .forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Kills every criu run of this process still going, each with what it was restoring. */
    static void killAll(Path criu) {
        for (long pid : LAUNCHED) {
            ProcessHandle.of(pid).ifPresent(p -> kill(p, criu));
        }
    }
}
