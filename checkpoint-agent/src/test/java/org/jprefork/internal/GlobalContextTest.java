package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.jprefork.crac.CheckpointException;
import org.jprefork.crac.Context;
import org.jprefork.crac.Resource;
import org.jprefork.crac.RestoreException;
import org.junit.jupiter.api.Test;

class GlobalContextTest {
    private final List<String> events = new ArrayList<>();
    private final GlobalContext context = new GlobalContext();

    private Resource named(String name, boolean refuse, boolean failRestore) {
        return new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> c) {
                events.add("before:" + name);
                if (refuse) {
                    throw new IllegalStateException(name);
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> c) {
                events.add("after:" + name);
                if (failRestore) {
                    throw new IllegalArgumentException(name);
                }
            }
        };
    }

    @Test
    void beforeCheckpointRunsInReverseOrderAndAfterRestoreInOrder() throws Exception {
        List<Resource> keep = List.of(named("a", false, false), named("b", false, false), named("c", false, false));
        keep.forEach(context::register);
        context.beforeCheckpoint(null);
        context.afterRestore(null);
        assertEquals(List.of("before:c", "before:b", "before:a", "after:a", "after:b", "after:c"), events);
    }

    @Test
    void everyResourceIsAskedEvenAfterAFailureAndAllFailuresAreKept() throws Exception {
        List<Resource> keep = List.of(named("a", true, false), named("b", false, false), named("c", true, false));
        keep.forEach(context::register);
        CheckpointException e = assertThrows(CheckpointException.class, () -> context.beforeCheckpoint(null));
        assertEquals(2, e.getSuppressed().length);
        assertEquals("java.lang.IllegalStateException: c; java.lang.IllegalStateException: a", GlobalContext.describe(e));
        context.afterRestore(null); // as in CRaC: resources restore even when the checkpoint was called off
        assertEquals(List.of("before:c", "before:b", "before:a", "after:a", "after:b", "after:c"), events);
    }

    @Test
    void restoreFailuresAreCollectedAfterEveryResourceRan() throws Exception {
        List<Resource> keep = List.of(named("a", false, true), named("b", false, false));
        keep.forEach(context::register);
        context.beforeCheckpoint(null);
        RestoreException e = assertThrows(RestoreException.class, () -> context.afterRestore(null));
        assertEquals(1, e.getSuppressed().length);
        assertEquals(List.of("before:b", "before:a", "after:a", "after:b"), events);
    }

    @Test
    void aNestedContextsFailuresAreFlattened() {
        Resource nested = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> c) throws CheckpointException {
                CheckpointException wrapper = new CheckpointException();
                wrapper.addSuppressed(new IllegalStateException("x"));
                wrapper.addSuppressed(new IllegalStateException("y"));
                throw wrapper;
            }

            @Override
            public void afterRestore(Context<? extends Resource> c) {
            }
        };
        context.register(nested);
        CheckpointException e = assertThrows(CheckpointException.class, () -> context.beforeCheckpoint(null));
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void resourcesAreHeldWeaklyAsInCrac() throws Exception {
        java.lang.ref.WeakReference<Resource> probe = new java.lang.ref.WeakReference<>(named("gone", false, false));
        context.register(probe.get());
        Resource held = named("held", false, false);
        context.register(held);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            System.gc();
            return probe.get() == null;
        });
        context.beforeCheckpoint(null);
        assertEquals(List.of("before:held"), events);
    }
}
