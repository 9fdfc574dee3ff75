package org.jprefork.manager;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jprefork.engine.Engine;
import org.jprefork.engine.EngineException;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.Status;

/**
 * A pool's copies: restoring them, keeping each generation's spares topped up ahead of demand,
 * matching each to its COPY_READY, and every live one, so that none outlives the pool.
 */
final class Copies {
    /** Makes a warm engine's spare: a JVM of the generation initialised from scratch. */
    interface WarmStart {
        Copy start(Generation gen) throws IOException;
    }

    private final Engine engine;
    private final ErrorCounter errors;
    private final WarmStart warmStart;
    private final ReadyRegistry ready = new ReadyRegistry();
    /** Two restores at once: on two cores, one restore leaves a core idle between its phases. */
    private final ExecutorService refiller = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "spare-refill");
        t.setDaemon(true);
        return t;
    });
    private final Set<Copy> live = ConcurrentHashMap.newKeySet();
    private final RestoreTimes restoreTimes = new RestoreTimes();

    Copies(Engine engine, ErrorCounter errors, WarmStart warmStart) {
        this.engine = engine;
        this.errors = errors;
        this.warmStart = warmStart;
    }

    /** A new copy restored from the generation's image (it still has to report ready). */
    Copy restore(Generation gen) throws EngineException {
        long t0 = System.nanoTime();
        Engine.Restored r;
        try {
            r = restoreSharing(gen);
        } catch (EngineException e) {
            OrphanReaper.sweepSoon();
            throw e;
        }
        String key = ReadyRegistry.key(r.pid(), r.token());
        CompletableFuture<Status> exit = r.process() != null ? Reaper.watch(r.process()) : Reaper.watch(r.pid());
        gen.started(exit);
        Copy copy = track(new Copy(r.pid(), key, ready.futureFor(key), exit).alsoKilling(r.process()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        restoreTimes.add(ms);
        ManagerLog.info("generation " + gen.number + ": restored " + (r.token() != null ? r.token() : "pid " + r.pid())
                + " in " + ms + " ms");
        return copy;
    }

    /** Restores with the files the generation shares for writing, if any. */
    private Engine.Restored restoreSharing(Generation gen) throws EngineException {
        java.nio.file.Path image = gen.outcome.join().image();
        GenerationFiles files = gen.files;
        if (files == null || files.held().shared().isEmpty()) {
            return engine.restore(image);
        }
        java.util.List<org.jprefork.engine.InheritedFile> shared = files.lease();
        if (shared == null) {
            throw new EngineException("generation " + gen.number + " has ended", null);
        }
        try {
            return engine.restore(image, shared);
        } finally {
            files.releaseLease();
        }
    }

    /** A parked template (or warm JVM) of {@code gen}, as the copy that serves one call once released. */
    Copy parked(Generation gen, long javaPid, CompletableFuture<Status> exit) {
        gen.started(exit);
        String key = ReadyRegistry.key(javaPid, null);
        return track(new Copy(javaPid, key, ready.futureFor(key), exit));
    }

    /** A copy's COPY_READY, matched to the copy waiting for it. */
    void ready(long pid, String token, UnixConnection connection) {
        ready.ready(ReadyRegistry.key(pid, token), new ReadyRegistry.Ready(connection, pid));
    }

    /** A live spare of the generation, or null. */
    Copy takeSpare(Generation gen) {
        Copy c;
        while ((c = gen.spares.pollFirst()) != null) {
            if (c.alive()) {
                return c;
            }
            c.kill(); // closes its connection
        }
        return null;
    }

    /** Tops the generation's spares up to its target, in the background. */
    void refill(Generation gen) {
        if (refiller.isShutdown()) {
            return;
        }
        try {
            refiller.execute(() -> refillNow(gen));
            refiller.execute(() -> refillNow(gen));
        } catch (RejectedExecutionException e) {
            // shutting down: no more spares
        }
    }

    private void refillNow(Generation gen) {
        while (!gen.retired && gen.claimRefill()) {
            try {
                boolean warm = gen.outcome.join().kind() == Generation.Kind.WARM;
                Copy copy;
                if (warm) {
                    copy = warmStart.start(gen); // not lowered: a warm JVM keeps its priority for its call
                } else {
                    try (BackgroundPriority low = BackgroundPriority.enter()) {
                        copy = restore(gen);
                    }
                }
                copy.awaitReady();
                gen.spares.addLast(copy);
                if (gen.retired) {
                    killSpares(gen);
                }
            } catch (org.jprefork.engine.ImageFilesChanged e) {
                ManagerLog.info("generation " + gen.number + ": a file its image holds changed (" + e.file()
                        + "); no more spares of it");
                return;
            } catch (EngineException | IOException e) {
                if (gen.retired) {
                    // Retired while it restored (its image may be gone already): no spare was wanted.
                    ManagerLog.info("generation " + gen.number + ": a spare restored while it was retired failed ("
                            + e.getMessage() + ")");
                } else {
                    errors.record("making a spare failed", e);
                }
                return;
            } finally {
                gen.refillDone();
            }
        }
    }

    static void killSpares(Generation gen) {
        Copy c;
        while ((c = gen.spares.pollFirst()) != null) {
            c.kill();
        }
    }

    /** Median restore time so far, for status. */
    long restoreMedian() {
        return restoreTimes.median();
    }

    /** No more spares; waits for the restores under way, which would otherwise add files after the clean-up. */
    void stopRefilling() {
        refiller.shutdown();
        try {
            refiller.awaitTermination(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Last resort at exit. */
    void killAll() {
        live.forEach(Copy::kill);
    }

    private Copy track(Copy copy) {
        live.add(copy);
        copy.exit().thenRun(() -> {
            live.remove(copy);
            ready.forget(copy.key());
        });
        return copy;
    }
}
