package org.jprefork.manager;

import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.PoolOptions;

/**
 * One build of the program: a template started from scratch in the background, and what became
 * of it. A generation waits for a call that runs the program itself and reaches
 * initialisationComplete (or for a BUILD), then builds its template from that call's invocation;
 * until its outcome, calls run the program themselves. A change to a watched file ends a
 * generation; the next call starts a new one.
 */
final class Generation {
    /** What later calls of this generation get. */
    enum Kind {
        /** Copies restored from a checkpoint image. */
        IMAGE,
        /** The program never called initialisationComplete, or refused the checkpoint: callers run it as plain java. */
        PLAIN,
        /** Checkpointing failed: callers run the program themselves, as before a checkpoint. */
        UNACCELERATED,
        /** Warm engine: calls take JVMs that initialised ahead of demand. */
        WARM
    }

    record Outcome(Kind kind, Path image, String reason) {
    }

    final int number;
    final WatchSet watched;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    final Deque<Copy> spares = new ConcurrentLinkedDeque<>();
    volatile PoolOptions options = PoolOptions.defaults();
    volatile boolean retired;
    /** The invocation the template was built from: warm spares initialise with its args, env and cwd. */
    volatile CallRequest firstCall;
    /** Whether its template was started (until then it waits for a call that reaches initialisationComplete). */
    volatile boolean started;
    /** Whether a call that may build it is running (the one told to mark reaching initialisationComplete). */
    volatile boolean reacherRunning;
    /** One line for the next caller about this generation's outcome (a failure), or null once told. */
    volatile String note;
    /** Files whose appearance or change asks for a better template (a tool's training list): rebuilt in the background. */
    final WatchSet rebuildHints = new WatchSet();
    /**
     * What this generation's templates run: the pool's spec as prepared by its first template
     * (a script's build, or its #!-less copy); null until then.
     */
    volatile TemplateSpec spec;
    /** A script build's sources and jars, watched like the program's own files. */
    volatile List<Path> buildFiles = List.of();
    /** The size of the image's files, for status (0 without an image). */
    volatile long imageBytes;
    /** What the template held at its checkpoint and the generation keeps (null: nothing). */
    volatile GenerationFiles files;
    private int refilling;
    /** Processes of this generation (templates, copies) still running. */
    private int running;
    /** Complete once retired and drained: its files are closed and its deleteOnExit files gone. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    /** Reserves one spare restore if spares plus restores under way are short of the target. */
    synchronized boolean claimRefill() {
        if (spares.size() + refilling >= options.spares()) {
            return false;
        }
        refilling++;
        return true;
    }

    synchronized void refillDone() {
        refilling--;
    }

    Generation(int number, WatchSet watched) {
        this.number = number;
        this.watched = watched;
    }

    /** The note for the next caller, once. */
    synchronized String takeNote() {
        String n = note;
        note = null;
        return n;
    }

    /**
     * Whether a watched file changed since the generation started (then its image is stale), or
     * a file its copies share for writing was deleted, replaced or truncated.
     */
    Path changedFile() {
        Path changed = watched.firstChanged();
        GenerationFiles f = files;
        return changed != null || f == null ? changed : f.firstChanged();
    }

    /** A process of this generation: it ends once retired and every such process exited. */
    void started(CompletableFuture<?> exit) {
        synchronized (this) {
            running++;
        }
        exit.whenComplete((s, e) -> {
            synchronized (this) {
                running--;
            }
            endIfDrained();
        });
    }

    /**
     * Ends the generation once it is retired and none of its processes runs: its files shared
     * for writing are closed, its deleteOnExit files deleted. {@code force}: now (the manager exits
     * and has killed everything).
     */
    void endIfDrained(boolean force) {
        GenerationFiles f;
        synchronized (this) {
            if (ended.isDone() || !retired || (running > 0 && !force)) {
                return;
            }
            f = files;
            ended.complete(null);
        }
        if (f != null) {
            f.end("generation " + number);
        }
    }

    private void endIfDrained() {
        endIfDrained(false);
    }

    /** The files its first template held; ended at once if the generation ended meanwhile. */
    void adopt(GenerationFiles f) {
        synchronized (this) {
            if (!ended.isDone()) {
                files = f;
                return;
            }
        }
        f.end("generation " + number);
    }
}
