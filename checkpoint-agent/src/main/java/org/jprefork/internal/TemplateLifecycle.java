package org.jprefork.internal;

import java.io.IOException;
import org.jprefork.Prefork;
import org.jprefork.crac.CheckpointException;
import org.jprefork.crac.RestoreException;
import org.jprefork.internal.random.RandomTracking;
import org.jprefork.internal.unix.ErrnoException;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CheckpointAborted;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.PoolOptions;

/**
 * What the template does at {@code initialisationComplete}: let the program's CRaC resources
 * prepare, make itself fit to be checkpointed, ask the manager to dump it, park until released,
 * then (in the template and in every copy) wake, let the resources restore, and serve a call.
 *
 * <p>The image must hold no connection to the outside: the request to dump travels on a
 * connection closed before the dump, and the template parks on a pipe whose only writer is the
 * manager. A copy restored from the image finds that pipe without a writer and so wakes at once;
 * the template itself wakes when the manager closes its end after the dump.
 */
final class TemplateLifecycle {
    /**
     * The invocation this process serves, and what went wrong on the way without stopping it:
     * a CheckpointException (no checkpoint was taken) or a RestoreException, else null.
     */
    record Served(Prefork.Invocation invocation, Exception failure) {
    }

    private final AgentConfig config;
    private final GlobalContext resources;
    /** Set when a descriptor held at the checkpoint called it off (see HeldDescriptors). */
    private DescriptorRefusal refusal;

    TemplateLifecycle(AgentConfig config, GlobalContext resources) {
        this.config = config;
        this.resources = resources;
    }

    Served checkpointAndServe(PoolOptions options) {
        try {
            resources.beforeCheckpoint(null);
        } catch (CheckpointException refused) {
            // As in CRaC: resources hear afterRestore even when the checkpoint was called off.
            restoreResources();
            String reason = "beforeCheckpoint failed: " + GlobalContext.describe(refused);
            handOver(new CheckpointAborted(reason).toFrame(), false);
            park();
            return new Served(CallReceiver.receive(config.socket(), null), refused);
        }
        HeapTrim heap = handOver(options.toFrame(), true);
        if (AgentConfig.CRAC.equals(config.engine()) && refusal == null) {
            CracCheckpoint.run(config.socket());
        } else {
            park();
        }
        heap.restore();
        Reseed.afterRestore();
        ProcessIdentity.refresh();
        Exception failure = restoreResources();
        if (refusal != null) {
            failure = refusal; // as in CRaC, afterRestore ran although the checkpoint was called off
        }
        return new Served(CallReceiver.receive(config.socket(), CracCheckpoint.copyToken()), failure);
    }

    /** Tells the manager, then lets go of stdio; returns the heap settings to restore after. */
    private HeapTrim handOver(Frame request, boolean checkpoint) {
        try (UnixConnection manager = UnixConnection.connect(config.socket())) {
            Greeting.parse(Frame.expect(manager.in(), MessageType.HELLO));
            HeapTrim heap = HeapTrim.none();
            if (checkpoint) {
                // An image must not hold the first caller's environment: note where it is, let
                // the warm-up empty it, then wipe the copies left (the template takes its
                // call's environment after the checkpoint, as every copy does).
                boolean dumped = !AgentConfig.WARM.equals(config.engine());
                EnvironmentScrub scrub = dumped ? EnvironmentScrub.capture() : null;
                // An image's compiled code is every copy's; a warm JVM serves one call.
                Warmup.run(dumped ? Warmup.PASSES : 1);
                if (dumped) {
                    ConcatPrelink.run(); // the program's "a" + b after initialisationComplete
                    AfterRestoreWarmup.run();
                }
                if (scrub != null) {
                    scrub.wipe();
                }
                // Copies tell the manager their exit code before their teardown (else it waits).
                org.jprefork.internal.exit.ExitReport.install();
                EnvironmentHandouts.stop();
                // Only a CRIU image holds the heap as it is; the JDK's CRaC collects by itself.
                heap = AgentConfig.CRIU.equals(config.engine()) ? HeapTrim.trim() : HeapTrim.none();
                RandomTracking.stop();
                if (AgentConfig.CRIU.equals(config.engine())) {
                    ArenaChunkRelease.await(); // the compilers' freed memory, given back to malloc
                }
                if (dumped) {
                    MallocTrim.run(); // last: the trims above free native memory too
                }
            }
            if (config.nice() != null) {
                Priority.restore(config.nice());
            }
            StdioQuiescence.detach(config.dumpDir() != null ? config.dumpDir() : "/");
            HeldDescriptors held = checkpoint
                    ? HeldDescriptors.take(config.engine(), java.util.Set.of(config.controlFd(), manager.fd())) : null;
            refusal = held == null ? null : DescriptorRefusal.of(held.refusal());
            (refusal == null ? request : new CheckpointAborted(refusal.getMessage()).toFrame()).writeTo(manager.out());
            if (held != null) {
                held.send(manager, refusal == null);
            }
            return heap;
        } catch (IOException | RuntimeException e) {
            System.err.println("jprefork: cannot ask the pool manager for a checkpoint: " + e.getMessage());
            Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
            throw new AssertionError(e);
        }
    }

    private Exception restoreResources() {
        try {
            resources.afterRestore(null);
            return null;
        } catch (RestoreException e) {
            return e;
        }
    }

    /** Blocks until the control pipe reports end of file (the manager let go of its end). */
    private void park() {
        byte[] buf = new byte[16];
        int fd = config.controlFd();
        try {
            while (true) {
                int n = Posix.get().read(fd, buf, buf.length);
                if (n == 0) {
                    break;
                }
                if (n < 0 && Posix.get().errno() != jnr.constants.platform.Errno.EINTR.intValue()) {
                    throw new ErrnoException("read(control pipe " + fd + ")", Posix.get().errno());
                }
            }
        } catch (IOException | RuntimeException e) {
            // stdio is /dev/null now: the manager sees this exit status and logs it.
            Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
        }
        Posix.closeQuietly(fd);
    }
}
