package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jprefork.engine.CriuEngine;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.TemplateProcess;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.Status;

/**
 * A pool's copies: builds generations (template, checkpoint), keeps spares restored, and hands
 * each call a copy.
 */
final class Pool {
    /** A template's request to be checkpointed. */
    record CheckpointRequest(long javaPid, PoolOptions options) {
    }

    private final TemplateSpec spec;
    private final Path socket;
    private final Path poolDir;
    private final CriuEngine engine;
    private final List<Path> programFiles;
    private final ReadyRegistry ready = new ReadyRegistry();
    private final Map<Long, CompletableFuture<CheckpointRequest>> templates = new ConcurrentHashMap<>();
    /** Two restores at once: on two cores, one restore leaves a core idle between its phases. */
    private final ExecutorService refiller = Executors.newFixedThreadPool(2, r -> daemon(r, "spare-refill"));
    private final ErrorCounter errors;
    private final ConcurrencyLimit limit;
    private final java.util.Set<Copy> live = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Process> startingTemplates = ConcurrentHashMap.newKeySet();
    private Generation current;
    private int generations;
    private boolean closed;

    Pool(TemplateSpec spec, Path socket, Path poolDir, CriuEngine engine, List<Path> programFiles,
         ErrorCounter errors, ConcurrencyLimit limit) {
        this.spec = spec;
        this.socket = socket;
        this.poolDir = poolDir;
        this.engine = engine;
        this.programFiles = programFiles;
        this.errors = errors;
        this.limit = limit;
    }

    /** The options of the newest generation (defaults before the first checkpoint). */
    synchronized PoolOptions options() {
        return current == null ? PoolOptions.defaults() : current.options;
    }

    /** Finds or makes what runs this call. {@code stderrFd} receives a new template's output. */
    Assignment assign(CallRequest call, int stderrFd) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Generation gen;
            boolean starter = false;
            boolean checked = false;
            synchronized (this) {
                if (closed) {
                    throw new IOException("the pool is shutting down; run the program again");
                }
                if (current != null && current.outcome.isDone()) {
                    checked = true;
                    Path changed = current.changedFile();
                    if (changed != null) {
                        ManagerLog.info("generation " + current.number + ": " + changed + " changed; reloading");
                        retire(current);
                        current = null;
                    }
                }
                if (current == null) {
                    WatchSet watched = new WatchSet();
                    watched.add(programFiles);
                    current = new Generation(++generations, watched);
                    starter = true;
                }
                gen = current;
            }
            if (starter) {
                try {
                    return runTemplate(gen, call, stderrFd, true);
                } catch (IOException | RuntimeException e) {
                    abandon(gen, e);
                    throw e;
                }
            }
            Generation.Outcome outcome;
            try {
                outcome = gen.outcome.join();
            } catch (java.util.concurrent.CompletionException e) {
                continue; // its template failed to start: the next attempt starts another
            }
            // Watched files are stat'ed once per call: again only if the generation was still
            // being built at the first look.
            if (gen.retired || (!checked && gen.changedFile() != null)) {
                continue;
            }
            switch (outcome.kind()) {
                case PLAIN:
                    return new Assignment.Plain(outcome.reason());
                case UNACCELERATED:
                    return runTemplate(gen, call, stderrFd, false);
                default:
                    Copy copy = takeSpare(gen);
                    try {
                        if (copy == null) {
                            copy = restore(gen);
                        }
                        copy.awaitReady();
                        refill(gen);
                        return new Assignment.Run(copy);
                    } catch (EngineException | IOException e) {
                        errors.record("restore of generation " + gen.number + " failed", e);
                        if (copy != null) {
                            copy.kill();
                        }
                        synchronized (this) {
                            if (current == gen) {
                                retire(gen);
                                current = null;
                            }
                        }
                    }
            }
        }
        throw new IOException("no copy could be restored or started (see the log)");
    }

    /** A generation whose template could not even start: later calls must not wait for it. */
    private void abandon(Generation gen, Exception e) {
        if (gen.outcome.completeExceptionally(e)) {
            synchronized (this) {
                if (current == gen) {
                    current = null;
                }
            }
        }
    }

    private Assignment runTemplate(Generation gen, CallRequest call, int stderrFd, boolean checkpoint)
            throws IOException {
        java.nio.charset.Charset cs = StandardCharsets.UTF_8;
        TemplateSpec effective = spec.prepared(poolDir.resolve("src-" + gen.number));
        TemplateProcess template = TemplateProcess.start(effective, socket, List.of(call.argStrings(cs)),
                call.envMap(cs), Path.of(call.cwdString(cs)));
        CompletableFuture<CheckpointRequest> request = new CompletableFuture<>();
        templates.put(template.launcherPid(), request);
        startingTemplates.add(template.process());
        template.process().onExit().thenRun(() -> startingTemplates.remove(template.process()));
        OutputPump pump = new OutputPump(template.output(), stderrFd);
        CompletableFuture<Status> exit = Reaper.watch(template.process());
        try {
            CompletableFuture.anyOf(request, exit).join();
        } finally {
            templates.remove(template.launcherPid());
        }
        if (!request.isDone()) {
            try {
                pump.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Status status = exit.join();
            if (checkpoint) {
                ManagerLog.info("generation " + gen.number + ": program exited (" + status
                        + ") without calling initialisationComplete; calls run it as plain java");
                gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null,
                        "the program does not call Prefork.initialisationComplete"));
            }
            return new Assignment.Finished(status);
        }
        CheckpointRequest req = request.join();
        if (checkpoint) {
            gen.options = req.options();
            limit.setMax(req.options().maxServers());
            ManagerLog.syslog(req.options().logFacility(), spec.command().program().target());
            if (!req.options().autoreloadClasspath()) {
                gen.watched.remove(programFiles);
            }
            gen.watched.add(req.options().autoreloadPaths().stream().map(Path::of).toList());
        }
        pump.awaitDetached();
        Copy copy = track(new Copy(req.javaPid(), ready.futureFor(req.javaPid()), exit));
        if (checkpoint) {
            dump(gen, req.javaPid(), stderrFd);
        }
        template.releaseHandle().close();
        return new Assignment.Run(copy);
    }

    private void dump(Generation gen, long pid, int stderrFd) {
        long t0 = System.nanoTime();
        try {
            Path image = engine.dump(pid, poolDir.resolve("image-" + gen.number));
            ManagerLog.info("generation " + gen.number + ": checkpoint of pid " + pid + " in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            gen.outcome.complete(new Generation.Outcome(Generation.Kind.IMAGE, image, null));
            refill(gen);
        } catch (EngineException e) {
            errors.record("checkpoint failed", e);
            String warning = "jprefork: warning: checkpoint failed, running without acceleration: "
                    + e.getMessage() + "\n";
            org.jprefork.internal.unix.Posix.get().write(stderrFd, warning.getBytes(StandardCharsets.UTF_8),
                    warning.getBytes(StandardCharsets.UTF_8).length);
            gen.outcome.complete(new Generation.Outcome(Generation.Kind.UNACCELERATED, null, e.getMessage()));
        }
    }

    private Copy restore(Generation gen) throws EngineException {
        long t0 = System.nanoTime();
        long pid = engine.restore(gen.outcome.join().image());
        Copy copy = track(new Copy(pid, ready.futureFor(pid), Reaper.watch(pid)));
        ManagerLog.info("generation " + gen.number + ": restored pid " + pid + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return copy;
    }

    private Copy track(Copy copy) {
        live.add(copy);
        copy.exit().thenRun(() -> {
            live.remove(copy);
            ready.forget(copy.pid());
        });
        return copy;
    }

    private Copy takeSpare(Generation gen) {
        Copy c;
        while ((c = gen.spares.pollFirst()) != null) {
            if (c.alive()) {
                return c;
            }
            c.kill(); // closes its connection
        }
        return null;
    }

    private void refill(Generation gen) {
        if (refiller.isShutdown()) {
            return;
        }
        try {
            refiller.execute(() -> refillNow(gen));
            refiller.execute(() -> refillNow(gen));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: no more spares
        }
    }

    private void refillNow(Generation gen) {
        while (!gen.retired && gen.claimRefill()) {
            try {
                Copy copy = restore(gen);
                copy.awaitReady();
                gen.spares.addLast(copy);
                if (gen.retired) {
                    killSpares(gen);
                }
            } catch (EngineException | IOException e) {
                errors.record("restoring a spare failed", e);
                return;
            } finally {
                gen.refillDone();
            }
        }
    }

    /** Routes a template's CHECKPOINT_READY (its parent is the template's launcher process). */
    void checkpointRequested(long javaPid, PoolOptions options) {
        long parent = parentOf(javaPid);
        CompletableFuture<CheckpointRequest> request = templates.get(parent);
        if (request == null) {
            ManagerLog.info("CHECKPOINT_READY from unknown pid " + javaPid + "; killing it");
            org.jprefork.internal.unix.Posix.get().kill((int) javaPid, 9);
            return;
        }
        request.complete(new CheckpointRequest(javaPid, options));
    }

    void copyReady(long pid, org.jprefork.internal.unix.UnixConnection connection) {
        ready.ready(pid, connection);
    }

    /** Ends every generation: kills spares, removes images. */
    void shutdown() {
        synchronized (this) {
            closed = true;
            if (current != null) {
                current.retired = true; // the refill loop stops after the restore under way
            }
        }
        refiller.shutdown();
        try {
            // A restore under way would otherwise add a spare (and files) after the clean-up.
            refiller.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (current != null) {
                retire(current);
                current = null;
            }
        }
    }

    /** Last resort at exit: nothing this pool started may outlive it. */
    void killEverything() {
        live.forEach(Copy::kill);
        startingTemplates.forEach(Process::destroyForcibly);
    }

    private void retire(Generation gen) {
        gen.retired = true;
        killSpares(gen);
        gen.outcome.thenAccept(o -> {
            if (o.image() != null) {
                try {
                    CriuEngine.deleteTree(o.image());
                } catch (IOException e) {
                    ManagerLog.error("cannot remove " + o.image(), e);
                }
            }
        });
    }

    private static void killSpares(Generation gen) {
        Copy c;
        while ((c = gen.spares.pollFirst()) != null) {
            c.kill();
        }
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Field 4, after the parenthesised command name (which may contain spaces).
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
