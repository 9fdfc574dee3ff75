package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jprefork.engine.Engine;
import org.jprefork.engine.EngineException;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.Status;

/**
 * Builds generations in the background: starts a generation's template with the invocation of a
 * call that reached initialisationComplete, and makes what later calls get of it: an image and
 * its spares (criu, crac), parked JVMs (warm), or the decision that calls run the program
 * themselves. No caller waits for any of it: until the outcome, calls run the program as plain
 * java. The template itself never serves a call; its output goes to the log when it fails.
 */
final class TemplateBuilds {
    /** What a build tells its pool. */
    interface Events {
        /** The template asked for its checkpoint with these options. */
        void adopt(Generation gen, PoolOptions options);

        /** The template could not be built (killed, not started): the next call starts another. */
        void abandon(Generation gen, Exception why);
    }

    private final Engine engine;
    private final TemplateStarter templates;
    private final Copies copies;
    private final ErrorCounter errors;
    private final Path socket;
    private final Path poolDir;
    private final Events events;
    private final ActivityTracker activity;
    private final WarmupState warmups;
    private final ExecutorService builder = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "template-build");
        t.setDaemon(true);
        return t;
    });

    TemplateBuilds(Engine engine, TemplateStarter templates, Copies copies, ErrorCounter errors, Path socket,
                   Path poolDir, Events events, ActivityTracker activity, WarmupState warmups) {
        this.activity = activity;
        this.warmups = warmups;
        this.engine = engine;
        this.templates = templates;
        this.copies = copies;
        this.errors = errors;
        this.socket = socket;
        this.poolDir = poolDir;
        this.events = events;
    }

    /** Starts the generation's template from {@code invocation}, once; returns whether this call started it. */
    boolean start(Generation gen, CallRequest invocation) {
        synchronized (gen) {
            if (gen.started || gen.outcome.isDone() || gen.retired) {
                return false;
            }
            gen.started = true;
            gen.firstCall = invocation;
        }
        try {
            activity.buildBegin(); // the pool does not idle out while it builds
            builder.execute(() -> {
                try {
                    build(gen, invocation);
                } finally {
                    activity.buildEnd();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            activity.buildEnd();
            events.abandon(gen, new IOException("the pool is shutting down"));
            return false;
        }
    }

    /** No more builds (the pool is shutting down). */
    void stop() {
        builder.shutdown();
    }

    private void build(Generation gen, CallRequest invocation) {
        Charset cs = StandardCharsets.UTF_8;
        TemplateStarter.Started t;
        try {
            t = templates.start(engine, warmups.apply(gen.spec), socket, List.of(invocation.argStrings(cs)),
                    invocation.envMap(cs), Path.of(invocation.cwdString(cs)), imageDir(gen), -1);
        } catch (IOException | RuntimeException e) {
            errors.record("generation " + gen.number + ": cannot start its template", e);
            events.abandon(gen, e instanceof IOException io ? io : new IOException(e));
            return;
        }
        ManagerLog.info("generation " + gen.number + ": template " + t.template.launcherPid() + " started");
        gen.started(t.exit); // the generation's shared files end only after it has exited too
        TemplateStarter.Request req = t.await();
        if (req != null && req.warmupRefused() != null) {
            // Its warm-up left something of its call in the tool's state: it exits, and the
            // template is built again without it (WarmupState; the next caller is told).
            t.awaitOwnExit();
            build(gen, invocation);
            return;
        }
        if (req == null) {
            ended(gen, t);
            return;
        }
        t.pump.awaitDetached();
        if (gen.retired) {
            // The program changed (or the pool stops) while it initialised: no checkpoint of it.
            HeldAtCheckpoint.take(gen, req, false, t.exit, poolDir);
            t.template.process().destroyForcibly();
            events.abandon(gen, new IOException("generation " + gen.number + " retired while it was built"));
            return;
        }
        if (req.abortReason() != null) {
            ManagerLog.info("generation " + gen.number + ": the program refused the checkpoint ("
                    + req.abortReason() + "); calls run it as plain java");
            HeldAtCheckpoint.take(gen, req, true, t.exit, poolDir);
            t.template.process().destroyForcibly();
            // An org.crac resource's refusal was heard by the call that ran the program itself,
            // which said so; a descriptor the template held (it sends HELD_FILES then) only the
            // template finds, for its engine: the next caller is told.
            String note = req.held() == null ? null : "jprefork: checkpoint refused: " + req.abortReason();
            finish(gen, Generation.Kind.PLAIN, null, req.abortReason(), note);
            return;
        }
        events.adopt(gen, req.options());
        HeldAtCheckpoint.take(gen, req, true, t.exit, poolDir);
        if (!engine.checkpoints()) {
            parkAsSpare(gen, req, t);
            return;
        }
        dump(gen, req.javaPid(), t);
    }

    /** The template ended before its request: the program ended on its own, or it was killed. */
    private void ended(Generation gen, TemplateStarter.Started t) {
        Status status = t.exit.join();
        String output = t.pump.tail();
        if (!output.isEmpty()) {
            ManagerLog.info("generation " + gen.number + ": the template's output ended with:\n" + output.stripTrailing());
        }
        if (t.pump.finished()) {
            ManagerLog.info("generation " + gen.number + ": program exited (" + status
                    + ") without calling initialisationComplete; calls run it as plain java");
            finish(gen, Generation.Kind.PLAIN, null, "the program does not call Prefork.initialisationComplete",
                    null);
        } else {
            // Killed (or crashed) before it could say: that says nothing about the program.
            ManagerLog.info("generation " + gen.number + ": the template died (" + status
                    + ") before initialisationComplete; the next call starts another");
            events.abandon(gen, new IOException("the template died (" + status + ")"));
        }
    }

    /** Warm engine: the template is the generation's first spare. */
    private void parkAsSpare(Generation gen, TemplateStarter.Request req, TemplateStarter.Started t) {
        Copy copy = copies.parked(gen, req.javaPid(), t.exit);
        try {
            t.release();
            copy.awaitReady();
            gen.spares.addLast(copy);
        } catch (IOException e) {
            errors.record("generation " + gen.number + ": its warm template did not get ready", e);
            copy.kill();
        }
        finish(gen, Generation.Kind.WARM, null, null, null);
    }

    private void dump(Generation gen, long pid, TemplateStarter.Started t) {
        long t0 = System.nanoTime();
        Path image;
        try {
            image = engine.checkpoint(pid, t.template, imageDir(gen));
        } catch (EngineException e) {
            Status died = engine.templateSurvivesCheckpoint() ? deathOf(t) : null;
            if (died != null) {
                // Killed while dumped: that says nothing about the program or about checkpoints.
                ManagerLog.info("generation " + gen.number + ": the template died (" + died
                        + ") during its checkpoint; the next call starts another");
                events.abandon(gen, new IOException("the template died (" + died + ") during its checkpoint"));
                return;
            }
            errors.record("checkpoint failed", e);
            t.template.process().destroyForcibly();
            finish(gen, Generation.Kind.UNACCELERATED, null, e.getMessage(),
                    "jprefork: warning: checkpoint failed, running without acceleration: " + e.getMessage());
            return;
        }
        ManagerLog.info("generation " + gen.number + ": checkpoint of pid " + pid + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        // Every call is served by a restored copy, the first as the others: the template goes.
        t.template.process().destroyForcibly();
        gen.imageBytes = org.jprefork.engine.CriuEngine.treeBytes(image); // once: an image never changes
        finish(gen, Generation.Kind.IMAGE, image, null, null);
    }

    private void finish(Generation gen, Generation.Kind kind, Path image, String reason, String note) {
        gen.note = note;
        if (gen.outcome.complete(new Generation.Outcome(kind, image, reason)) && !gen.retired
                && kind != Generation.Kind.PLAIN && kind != Generation.Kind.UNACCELERATED) {
            copies.refill(gen);
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

    Path imageDir(Generation gen) {
        return poolDir.resolve("image-" + gen.number);
    }
}
