package org.jprefork.crac;

/** A party notified around the checkpoint, with the shape of {@code jdk.crac.Resource}. */
public interface Resource {
    /** Called before the checkpoint, in reverse order of registration. */
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    /** Called in every restored copy (and after an aborted checkpoint), in order of registration. */
    void afterRestore(Context<? extends Resource> context) throws Exception;
}
