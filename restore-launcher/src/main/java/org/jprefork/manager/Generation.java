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
 * One build of the program: a template started from scratch, and what became of it. A change to
 * a watched file ends a generation; the next call starts a new one.
 */
final class Generation {
    /** What later calls of this generation get. */
    enum Kind {
        /** Copies restored from a checkpoint image. */
        IMAGE,
        /** The program never called initialisationComplete: callers run it as plain java. */
        PLAIN,
        /** Checkpointing failed: every call runs its own template from scratch. */
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
    /** The call that started the generation: warm spares initialise with its args, env and cwd. */
    volatile CallRequest firstCall;
    /**
     * What this generation's templates run: the pool's spec as prepared by its first template
     * (a script's build, or its #!-less copy); null until then.
     */
    volatile TemplateSpec spec;
    /** A script build's sources and jars, watched like the program's own files. */
    volatile List<Path> buildFiles = List.of();
    /** The size of the image's files, for status (0 without an image). */
    volatile long imageBytes;
    private int refilling;

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

    /** Whether a watched file changed since the generation started (then its image is stale). */
    Path changedFile() {
        return watched.firstChanged();
    }
}
