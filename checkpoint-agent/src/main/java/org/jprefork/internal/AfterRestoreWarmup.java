package org.jprefork.internal;

import org.jprefork.protocol.CopyReady;

/**
 * Runs, in the template, what every copy runs between its restore and its COPY_READY, so that
 * copies find it loaded, initialised and linked. A copy of the bundled example spent about 19 ms
 * there, loading and initialising the classes of {@link Reseed} (the JDK's generators it reaches,
 * their reflective accessors, a lambda) and of the ready message (a class-loading log of a copy,
 * issue 17); that time is in every restore on demand and in the CPU every call costs.
 */
final class AfterRestoreWarmup {
    private AfterRestoreWarmup() {
    }

    static void run() {
        // Reseeds the template's generators too: harmless, every copy reseeds them again.
        Reseed.afterRestore();
        new CopyReady(null).toFrame();
        new CopyReady("warm-up").toFrame();
        TemplateLifecycle.Served.class.getName(); // the record a copy returns its call in
        CracCheckpoint.class.getName();
    }
}
