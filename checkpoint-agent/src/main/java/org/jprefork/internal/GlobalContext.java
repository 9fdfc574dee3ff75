package org.jprefork.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jprefork.crac.CheckpointException;
import org.jprefork.crac.Context;
import org.jprefork.crac.Resource;
import org.jprefork.crac.RestoreException;

/**
 * The global context of org.crac under jprefork, with jdk.crac's semantics: beforeCheckpoint in
 * reverse order of registration, every resource even after a failure (the failures become the
 * suppressed exceptions of one CheckpointException); afterRestore in order of registration, for
 * every resource that was asked to prepare, whether the checkpoint happened or not.
 */
final class GlobalContext extends Context<Resource> {
    private final List<WeakReference<Resource>> registered = new ArrayList<>();
    private List<Resource> restoreQueue;

    @Override
    public synchronized void register(Resource resource) {
        Objects.requireNonNull(resource, "resource");
        registered.removeIf(ref -> ref.get() == null);
        registered.add(new WeakReference<>(resource));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
        List<Resource> live = new ArrayList<>();
        synchronized (this) {
            for (WeakReference<Resource> ref : registered) {
                Resource r = ref.get();
                if (r != null) {
                    live.add(r);
                }
            }
        }
        Collections.reverse(live);
        restoreQueue = new ArrayList<>();
        CheckpointException failure = null;
        for (Resource r : live) {
            restoreQueue.add(r);
            try {
                r.beforeCheckpoint(this);
            } catch (Exception e) {
                failure = failure == null ? new CheckpointException() : failure;
                addCauses(failure, e);
            }
        }
        Collections.reverse(restoreQueue);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws RestoreException {
        List<Resource> queue = restoreQueue;
        restoreQueue = null;
        if (queue == null) {
            return;
        }
        RestoreException failure = null;
        for (Resource r : queue) {
            try {
                r.afterRestore(this);
            } catch (Exception e) {
                failure = failure == null ? new RestoreException() : failure;
                addCauses(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A nested context's exception only wraps its resources' failures: keep those. */
    private static void addCauses(Exception into, Exception e) {
        boolean wrapper = (e instanceof CheckpointException || e instanceof RestoreException)
                && e.getMessage() == null && e.getSuppressed().length > 0;
        if (wrapper) {
            for (Throwable t : e.getSuppressed()) {
                into.addSuppressed(t);
            }
        } else {
            into.addSuppressed(e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line naming each failure, for the caller's stderr. */
    static String describe(Exception e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t : e.getSuppressed()) {
            b.append(b.length() == 0 ? "" : "; ").append(t);
        }
        return b.length() == 0 ? String.valueOf(e) : b.toString();
    }

    @Override
    public String toString() {
        return "jprefork global context";
    }
}
