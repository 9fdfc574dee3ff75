package org.jprefork.crac;

import org.jprefork.internal.AgentRuntime;

/** The checkpoint entry points, with the shape of {@code jdk.crac.Core}. */
public final class Core {
    private Core() {
    }

    /** The context whose resources are notified around jprefork's checkpoint. */
    public static Context<Resource> getGlobalContext() {
        return AgentRuntime.get().resources();
    }

    /**
     * Under jprefork: the same checkpoint as {@code Prefork.initialisationComplete()}; returns in
     * the template after its dump and in every restored copy, with the call's stdio, env and cwd
     * in place. Later calls return at once: jprefork checkpoints a program once.
     *
     * @throws CheckpointException if a resource's beforeCheckpoint failed (no checkpoint; the
     *                             program goes on as the caller's own process)
     * @throws RestoreException    if a resource's afterRestore failed
     * @throws UnsupportedOperationException when the program was not started by jprefork
     */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        AgentRuntime.get().checkpointRestore();
    }
}
