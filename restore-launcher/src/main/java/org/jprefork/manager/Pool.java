package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.engine.BundledAgentException;
import org.jprefork.engine.Engine;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.progress.Progress;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.Status;
import org.jprefork.protocol.WarmupChecked;
import org.jprefork.script.ScriptException;

/**
 * A pool's generations: builds each (template, then checkpoint or warm JVMs), reloads when the
 * program changes, and hands each call a copy ({@link Copies} keeps the spares).
 */
final class Pool {
    private final TemplateSpec spec;
    private final Path socket;
    private final Path poolDir;
    private final Engine engine;
    private final List<Path> programFiles;
    private final TemplateStarter templates = new TemplateStarter();
    private final ErrorCounter errors;
    private final ConcurrencyLimit limit;
    private final Copies copies;
    private final WarmupState warmups;
    private final WarmupVerifier verifier;
    private Generation current;
    /** Retired generations whose copies still run: they end when the last one exits. */
    private final java.util.Set<Generation> ending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private int generations;
    private boolean closed;

    Pool(TemplateSpec spec, Path socket, Path poolDir, Engine engine, List<Path> programFiles,
         ErrorCounter errors, ConcurrencyLimit limit) {
        this.spec = spec;
        this.socket = socket;
        this.poolDir = poolDir;
        this.engine = engine;
        this.programFiles = programFiles;
        this.errors = errors;
        this.limit = limit;
        this.copies = new Copies(engine, errors, this::warmSpare);
        this.warmups = new WarmupState(spec);
        this.verifier = new WarmupVerifier(spec, poolDir, warmups, this::dropGeneration);
    }

    /** The options of the newest generation (defaults before the first checkpoint). */
    synchronized PoolOptions options() {
        return current == null ? PoolOptions.defaults() : current.options;
    }

    /**
     * Finds or makes what runs this call. {@code stderrFd} receives a new template's output, and
     * the line saying that the warm-up was turned off, if this is the first call to meet that.
     */
    Assignment assign(CallRequest call, int stderrFd) throws IOException {
        Assignment a = assignOnce(call, stderrFd);
        sayWarmupNotice(stderrFd);
        return a;
    }

    private void sayWarmupNotice(int stderrFd) {
        String notice = warmups.takeNotice();
        if (notice != null) {
            CallerStderr.line(stderrFd, notice);
        }
    }

    private Assignment assignOnce(CallRequest call, int stderrFd) throws IOException {
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
                    watched.add(WatchSet.SYSTEM_ZONE);
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
                    Copy copy = copies.takeSpare(gen);
                    if (copy == null && outcome.kind() == Generation.Kind.WARM) {
                        copies.refill(gen);
                        return runTemplate(gen, call, stderrFd, false); // on demand: its output is the caller's
                    }
                    try {
                        if (copy == null) {
                            copy = copies.restore(gen);
                        }
                        copy.awaitReady();
                        copies.refill(gen);
                        return new Assignment.Run(copy);
                    } catch (EngineException | IOException e) {
                        if (e instanceof org.jprefork.engine.ImageFilesChanged changed) {
                            // Stale, not broken: a new checkpoint serves this call, as a reload would.
                            ManagerLog.info("generation " + gen.number + ": a file its image holds changed ("
                                    + changed.file() + "); reloading");
                        } else {
                            errors.record("restore of generation " + gen.number + " failed", e);
                        }
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
        throw new IOException("no copy could be restored or started");
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

    /**
     * Runs a template for this call. The {@code first} of a generation is checkpointed (or, warm,
     * starts the spares); others only serve their call.
     */
    private Assignment runTemplate(Generation gen, CallRequest call, int stderrFd, boolean first)
            throws IOException {
        if (first) {
            gen.firstCall = call;
        }
        TemplateStarter.Started t;
        try {
            t = start(gen, call, stderrFd);
        } catch (ScriptException e) {
            abandon(gen, new IOException("the script cannot be prepared")); // the next call tries again
            return new Assignment.Finished(GenerationSpec.failed(gen, e, stderrFd));
        } catch (BundledAgentException e) {
            CallerStderr.line(stderrFd, "jprefork: warning: running without acceleration: " + e.getMessage());
            gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null, e.getMessage()));
            return new Assignment.Plain(e.getMessage());
        }
        TemplateStarter.Request req = t.await();
        if (req != null && req.warmupRefused() != null) {
            t.awaitOwnExit();
            sayWarmupNotice(stderrFd); // this call is the first to meet the template without it
            return runTemplate(gen, call, stderrFd, first);
        }
        if (req == null) {
            Status status = t.exit.join();
            if (first && t.pump.finished()) {
                ManagerLog.info("generation " + gen.number + ": program exited (" + status
                        + ") without calling initialisationComplete; calls run it as plain java");
                gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null,
                        "the program does not call Prefork.initialisationComplete"));
            } else if (first) {
                // Killed (or crashed) before it could say: that says nothing about the program.
                ManagerLog.info("generation " + gen.number + ": the template died (" + status
                        + ") before initialisationComplete; the next call starts another");
                abandon(gen, new IOException("the template died (" + status + ")"));
            }
            return new Assignment.Finished(status);
        }
        t.pump.awaitDetached();
        if (first && req.abortReason() != null) {
            ManagerLog.info("generation " + gen.number + ": the program refused the checkpoint ("
                    + req.abortReason() + "); calls run it as plain java");
            gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null, req.abortReason()));
        } else if (first) {
            adopt(gen, req.options());
        }
        HeldAtCheckpoint.take(gen, req, first, t.exit, poolDir);
        if (!first || req.abortReason() != null || !engine.checkpoints()) {
            Copy copy = copies.parked(gen, req.javaPid(), t.exit);
            if (first && req.abortReason() == null) {
                gen.outcome.complete(new Generation.Outcome(Generation.Kind.WARM, null, null));
                copies.refill(gen);
            }
            t.release();
            return new Assignment.Run(copy, true);
        }
        Copy copy = engine.templateSurvivesCheckpoint() ? copies.parked(gen, req.javaPid(), t.exit) : null;
        // The program is parked (its output all copied) until its copy takes the call: the
        // caller's terminal is ours to show that the wait is the checkpoint.
        try (Progress progress = Progress.start(stderrFd, "checkpointing " + spec.programName())) {
            Status died = dump(gen, req.javaPid(), t, stderrFd, progress);
            if (died != null) {
                return new Assignment.Finished(died);
            }
            t.release();
            if (copy == null) {
                Generation.Outcome o = gen.outcome.join();
                if (o.kind() != Generation.Kind.IMAGE) {
                    throw new IOException("the " + engine.name() + " checkpoint failed: " + o.reason());
                }
                try {
                    copy = copies.restore(gen);
                } catch (EngineException e) {
                    throw new IOException(e.getMessage(), e);
                }
                copy.awaitReady();
            }
        }
        return new Assignment.Run(copy, true);
    }

    private TemplateStarter.Started start(Generation gen, CallRequest call, int outputFd)
            throws IOException, ScriptException, BundledAgentException {
        java.nio.charset.Charset cs = StandardCharsets.UTF_8;
        return templates.start(engine, warmups.apply(GenerationSpec.of(gen, spec, poolDir, call, outputFd)), socket,
                List.of(call.argStrings(cs)), call.envMap(cs), Path.of(call.cwdString(cs)), imageDir(gen), outputFd);
    }

    /** The first template's options become the generation's. */
    private void adopt(Generation gen, PoolOptions options) {
        gen.options = options;
        limit.setMax(options.maxServers());
        ManagerLog.syslog(options.logFacility(), spec.command().program().target());
        if (!options.autoreloadClasspath()) {
            gen.watched.remove(programFiles);
            gen.watched.remove(gen.buildFiles);
        }
        gen.watched.add(options.autoreloadPaths().stream().map(Path::of).toList());
    }

    /** Checkpoints the template; returns its status if it died meanwhile (killed), else null. */
    private Status dump(Generation gen, long pid, TemplateStarter.Started t, int stderrFd, Progress progress) {
        long t0 = System.nanoTime();
        try {
            Path image = engine.checkpoint(pid, t.template, imageDir(gen));
            ManagerLog.info("generation " + gen.number + ": checkpoint of pid " + pid + " in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            gen.imageBytes = org.jprefork.engine.CriuEngine.treeBytes(image); // once: an image never changes
            gen.outcome.complete(new Generation.Outcome(Generation.Kind.IMAGE, image, null));
            copies.refill(gen);
            return null;
        } catch (EngineException e) {
            Status died = engine.templateSurvivesCheckpoint() ? deathOf(t) : null;
            if (died != null) {
                // Killed while dumped: that says nothing about the program or about checkpoints.
                // Its caller gets its status, as when it dies during initialisation.
                ManagerLog.info("generation " + gen.number + ": the template died (" + died
                        + ") during its checkpoint; the next call starts another");
                abandon(gen, new IOException("the template died (" + died + ") during its checkpoint"));
                return died;
            }
            errors.record("checkpoint failed", e);
            progress.close(); // the warning starts on a clean line
            CallerStderr.line(stderrFd, "jprefork: warning: checkpoint failed, running without acceleration: " + e.getMessage());
            // A template that cannot outlive its checkpoint cannot serve calls un-checkpointed.
            Generation.Kind kind = engine.templateSurvivesCheckpoint() ? Generation.Kind.UNACCELERATED
                    : Generation.Kind.PLAIN;
            gen.outcome.complete(new Generation.Outcome(kind, null, e.getMessage()));
            return null;
        }
    }

    /** The status of a template whose dump failed, if it died (its launcher ends at once then). */
    private static Status deathOf(TemplateStarter.Started t) {
        try {
            return t.exit.get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Path imageDir(Generation gen) {
        return poolDir.resolve("image-" + gen.number);
    }

    /** A warm spare: a template of this generation, initialised with its first call's invocation. */
    private Copy warmSpare(Generation gen) throws IOException {
        TemplateStarter.Started t;
        try {
            t = start(gen, gen.firstCall, -1);
        } catch (ScriptException | BundledAgentException e) {
            throw new IOException(e.getMessage(), e); // not reached: the first template prepared the spec
        }
        TemplateStarter.Request req = t.await();
        if (req != null && req.warmupRefused() != null) {
            t.awaitOwnExit();
            throw new IOException("a warm JVM's warm-up was refused; the next one starts without it");
        }
        if (req == null) {
            throw new IOException("a warm JVM exited during its initialisation (" + t.exit.join() + ")");
        }
        t.pump.awaitDetached();
        Copy copy = copies.parked(gen, req.javaPid(), t.exit);
        t.release();
        return copy;
    }

    /** Routes a template's CHECKPOINT_READY (and what it held then, or null). */
    void checkpointRequested(long javaPid, PoolOptions options, TemplateStarter.HeldByTemplate held) {
        templates.requested(new TemplateStarter.Request(javaPid, options, null, null, held));
    }

    /** A template's check of its warm-up; a refused one is routed as its request (it exits). */
    void warmupChecked(long javaPid, WarmupChecked checked) {
        warmups.checked(checked);
        if (checked.refused()) {
            templates.requested(new TemplateStarter.Request(javaPid, PoolOptions.defaults(), null, checked, null));
        }
    }

    /** Verifies a tool's first calls with its warm-up against plain java (--verify-warmup). */
    WarmupVerifier verifier() {
        return verifier;
    }

    /** Ends the current generation: the next call builds another (without a warm-up turned off since). */
    private synchronized void dropGeneration() {
        if (current != null) {
            ManagerLog.info("generation " + current.number + ": ended, its image holds a warm-up turned off");
            retire(current);
            current = null;
        }
    }

    /** Routes a template's CHECKPOINT_ABORTED. */
    void checkpointAborted(long javaPid, String reason, TemplateStarter.HeldByTemplate held) {
        templates.requested(new TemplateStarter.Request(javaPid, PoolOptions.defaults(), reason, null, held));
    }

    void copyReady(long pid, String token, org.jprefork.internal.unix.UnixConnection connection) {
        copies.ready(pid, token, connection);
    }

    /** The engine's name, for logs and status. */
    String engineName() {
        return engine.name();
    }

    /** For {@code jprefork status}: generation, spares ready, image size, median restore. */
    synchronized java.util.Map<String, String> status() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        Generation g = current;
        m.put("generation", g == null ? "none" : Integer.toString(g.number));
        m.put("spares_ready", g == null ? "0" : Long.toString(g.spares.stream().filter(Copy::alive).count()));
        Generation.Outcome o = g == null ? null : g.outcome.getNow(null);
        m.put("state", o == null ? (g == null ? "idle" : "starting") : o.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("image_bytes", Long.toString(g == null ? 0 : g.imageBytes));
        if (g != null && g.files != null) {
            m.putAll(g.files.status());
        }
        m.put("restore_median_ms", Long.toString(copies.restoreMedian()));
        m.putAll(warmups.status());
        return m;
    }

    /** Ends every generation: kills spares, removes images. */
    void shutdown() {
        synchronized (this) {
            closed = true;
            if (current != null) {
                current.retired = true; // the refill loop stops after the restore under way
            }
        }
        copies.stopRefilling();
        synchronized (this) {
            if (current != null) {
                retire(current);
                current = null;
            }
        }
    }

    /**
     * Last resort at exit: nothing this pool started may outlive it, and generations end now
     * (their shared files closed, their deleteOnExit files deleted).
     */
    void killEverything() {
        copies.killAll();
        templates.killAll();
        engine.killRunning();
        ending.forEach(g -> g.endIfDrained(true));
    }

    private void retire(Generation gen) {
        gen.retired = true;
        ending.add(gen);
        gen.ended.thenRun(() -> ending.remove(gen));
        gen.endIfDrained(false);
        Copies.killSpares(gen);
        Path image = imageDir(gen);
        gen.outcome.whenComplete((o, e) -> {
            for (Path p : List.of(image, org.jprefork.engine.TemplateProcess.dumpDir(image))) {
                try {
                    org.jprefork.engine.CriuEngine.deleteTree(p);
                } catch (IOException ex) {
                    ManagerLog.error("cannot remove " + p, ex);
                }
            }
        });
    }
}
