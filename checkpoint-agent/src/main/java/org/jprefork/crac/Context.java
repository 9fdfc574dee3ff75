package org.jprefork.crac;

/** A group of resources notified together, with the shape of {@code jdk.crac.Context}. */
public abstract class Context<R extends Resource> implements Resource {
    protected Context() {
    }

    @Override
    public abstract void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException;

    @Override
    public abstract void afterRestore(Context<? extends Resource> context) throws RestoreException;

    /** Adds a resource; the context keeps only a weak reference to it, as jdk.crac does. */
    public abstract void register(R resource);
}
