package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.engine.BundledAgentException;
import org.jprefork.engine.Engine;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.FirstCall;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.WarmupChecked;
import org.jprefork.script.ScriptException;

/**
 * A pool's generations: hands each call a copy when a checkpoint is ready, and otherwise tells
 * the caller to run the program itself; builds each generation in the background
 * ({@link TemplateBuilds}) from a call that reached initialisationComplete; reloads when the
 * program changes, and builds a better template in the background when a tool's training list
 * appears ({@link Copies} keeps the spares).
 */
final class Pool implements TemplateBuilds.Events {
    private final TemplateSpec spec;
    private final Path poolDir;
    private final Engine engine;
    private final List<Path> programFiles;
    private final TemplateStarter templates = new TemplateStarter();
    private final ErrorCounter errors;
    private final ConcurrencyLimit limit;
    private final Copies copies;
    private final TemplateBuilds builds;
    private final WarmupState warmups;
    private final WarmupVerifier verifier;
    private final RunItself runItself;
    private Generation current;
    /** Retired generations whose copies still run: they end when the last one exits. */
    private final java.util.Set<Generation> ending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** A better template being built while {@link #current} serves calls (a trained rebuild), or null. */
    private Generation successor;
    private int generations;
    private boolean closed;

    Pool(TemplateSpec spec, Path socket, Path poolDir, Engine engine, List<Path> programFiles,
         ErrorCounter errors, ConcurrencyLimit limit, ActivityTracker activity) {
        this.spec = spec;
        this.poolDir = poolDir;
        this.engine = engine;
        this.programFiles = programFiles;
        this.errors = errors;
        this.limit = limit;
        this.warmups = new WarmupState(spec);
        WarmSpares warm = new WarmSpares(engine, templates, warmups, socket);
        this.copies = new Copies(engine, errors, warm);
        this.verifier = new WarmupVerifier(spec, poolDir, warmups, this::dropGeneration);
        this.builds = new TemplateBuilds(engine, templates, copies, errors, socket, poolDir, this, activity, warmups);
        warm.wire(builds, copies);
        this.runItself = new RunItself(poolDir, builds);
    }

    /** The options of the newest generation (defaults before the first checkpoint). */
    synchronized PoolOptions options() {
        return current == null ? PoolOptions.defaults() : current.options;
    }

    /**
     * Finds or makes what runs this call: a copy, or the command the caller runs itself.
     * {@code stderrFd}: the caller's stderr, for a script's preparation and jprefork's notes;
     * {@code callerPid}: the client, whose end tells whether a call it ran itself reached
     * initialisationComplete.
     */
    Assignment assign(CallRequest call, int stderrFd, long callerPid) throws IOException {
        Assignment a = assignOnce(call, stderrFd, callerPid);
        sayWarmupNotice(stderrFd);
        return a;
    }

    /** The line saying that the warm-up was turned off, to the first caller after that. */
    private void sayWarmupNotice(int stderrFd) {
        String notice = warmups.takeNotice();
        if (notice != null) {
            CallerStderr.line(stderrFd, notice);
        }
    }

    private Assignment assignOnce(CallRequest call, int stderrFd, long callerPid) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Generation gen;
            boolean starter = false;
            boolean checked = false;
            synchronized (this) {
                if (closed) {
                    throw new IOException("the pool is shutting down; run the program again");
                }
                if (current != null && !current.outcome.isCompletedExceptionally()) {
                    // Also while it is being built: a call that runs the program itself must not
                    // run a stale build (a script's classes, a #! script's copy).
                    checked = true;
                    Path changed = current.changedFile();
                    if (changed != null) {
                        ManagerLog.info("generation " + current.number + ": " + changed + " changed; reloading");
                        retire(current);
                        current = null;
                    }
                }
                if (current == null) {
                    current = newGeneration();
                    starter = true;
                }
                gen = current;
            }
            if (starter || gen.spec == null) {
                try {
                    GenerationSpec.of(gen, spec, poolDir, call, stderrFd);
                } catch (ScriptException e) {
                    abandon(gen, new IOException("the script cannot be prepared")); // the next call tries again
                    return new Assignment.Finished(GenerationSpec.failed(gen, e, stderrFd));
                } catch (BundledAgentException e) {
                    gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null, e.getMessage()));
                    return RunItself.local(gen, TemplateSpec.STANDALONE,
                            "jprefork: warning: running without acceleration: " + e.getMessage());
                }
            }
            Generation.Outcome outcome = gen.outcome.getNow(null);
            if (outcome == null) {
                if (gen.outcome.isCompletedExceptionally()) {
                    continue; // its template failed to start: the next attempt starts another
                }
                return runItself.assign(gen, callerPid);
            }
            // Watched files are stat'ed once per call: again only if the generation was still
            // being built at the first look.
            if (gen.retired || (!checked && gen.changedFile() != null)) {
                continue;
            }
            switch (outcome.kind()) {
                case PLAIN:
                    return RunItself.local(gen, TemplateSpec.STANDALONE, gen.takeNote());
                case UNACCELERATED:
                    return RunItself.local(gen, FirstCall.agentArgs(null), gen.takeNote());
                default:
                    rebuildIfHinted(gen);
                    Copy copy = copies.takeSpare(gen);
                    if (copy == null && outcome.kind() == Generation.Kind.WARM) {
                        copies.refill(gen);
                        return RunItself.local(gen, FirstCall.agentArgs(null), null); // no JVM ready: as plain java
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

    /**
     * BUILD: a call that ran the program itself (no pool existed) reached initialisationComplete
     * with this invocation; the first generation is built from it.
     */
    void build(CallRequest invocation) {
        Generation gen;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (current == null) {
                current = newGeneration();
            }
            gen = current;
        }
        try {
            GenerationSpec.of(gen, spec, poolDir, invocation, -1);
        } catch (ScriptException | BundledAgentException | IOException e) {
            ManagerLog.info("generation " + gen.number + ": not built: " + e.getMessage());
            if (e instanceof BundledAgentException) {
                gen.outcome.complete(new Generation.Outcome(Generation.Kind.PLAIN, null, e.getMessage()));
            } else {
                abandon(gen, e);
            }
            return;
        }
        if (builds.start(gen, invocation)) {
            ManagerLog.info("generation " + gen.number + ": building its template from the first call's invocation");
        }
    }

    private Generation newGeneration() {
        WatchSet watched = new WatchSet();
        watched.add(programFiles);
        watched.add(WatchSet.SYSTEM_ZONE);
        return new Generation(++generations, watched);
    }

    /**
     * A tool's training list appeared: a trained template is built in the background, from the
     * invocation the current one was built from, and replaces it once its checkpoint is ready.
     */
    private void rebuildIfHinted(Generation gen) {
        Path hint = gen.rebuildHints.firstChanged();
        if (hint == null) {
            return;
        }
        Generation next;
        synchronized (this) {
            if (closed || current != gen || successor != null) {
                return;
            }
            gen.rebuildHints.remove(gen.rebuildHints.paths()); // once per generation
            next = newGeneration();
            next.spec = gen.spec;
            next.buildFiles = gen.buildFiles;
            next.watched.add(gen.buildFiles);
            successor = next;
        }
        ManagerLog.info("generation " + gen.number + ": " + hint + " appeared; building generation " + next.number
                + " in the background");
        next.outcome.whenComplete((o, e) -> replace(gen, next, o));
        builds.start(next, gen.firstCall);
    }

    private void replace(Generation old, Generation next, Generation.Outcome outcome) {
        synchronized (this) {
            successor = null;
            boolean better = outcome != null && (outcome.kind() == Generation.Kind.IMAGE
                    || outcome.kind() == Generation.Kind.WARM);
            if (better && current == old && !closed) {
                ManagerLog.info("generation " + next.number + " replaces generation " + old.number);
                retire(old);
                current = next;
                return;
            }
            ManagerLog.info("generation " + next.number + " is not used (" + (outcome == null ? "failed"
                    : outcome.kind().name().toLowerCase(java.util.Locale.ROOT)) + "); generation "
                    + old.number + " goes on");
            retire(next);
        }
    }

    /** A generation whose template could not be built: later calls must not wait for it. */
    @Override
    public void abandon(Generation gen, Exception e) {
        if (gen.outcome.completeExceptionally(e)) {
            synchronized (this) {
                if (current == gen) {
                    current = null;
                }
            }
        }
    }

    /** The template's options become the generation's. */
    @Override
    public void adopt(Generation gen, PoolOptions options) {
        gen.options = options;
        limit.setMax(options.maxServers());
        ManagerLog.syslog(options.logFacility(), spec.command().program().target());
        if (!options.autoreloadClasspath()) {
            gen.watched.remove(programFiles);
            gen.watched.remove(gen.buildFiles);
        }
        gen.watched.add(options.autoreloadPaths().stream().map(Path::of).toList());
        gen.rebuildHints.add(options.rebuildPaths().stream().map(Path::of).toList());
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
            for (Generation g : new Generation[] {current, successor}) {
                if (g != null) {
                    g.retired = true; // the refill loop stops after the restore under way
                }
            }
        }
        builds.stop();
        copies.stopRefilling();
        synchronized (this) {
            for (Generation g : new Generation[] {current, successor}) {
                if (g != null) {
                    retire(g);
                }
            }
            current = null;
            successor = null;
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
        Path image = builds.imageDir(gen);
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
