package org.jprefork.internal;

import org.jprefork.protocol.CopyReady;

/**
 * Runs, in the template, what every copy runs between its restore and its COPY_READY, so that
 * copies find it loaded, initialised and linked. A copy of the bundled example spent about 19 ms
 * there, loading and initialising the classes of {@link Reseed} (the JDK generators it reaches,
 * their reflective accessors) and of the ready message (a class-loading log of a copy, issue 17);
 * that time is in every restore on demand and in the CPU every call costs. The program's own
 * generators are not touched here (RandomnessTest: a SecureRandom the program never used must
 * seed itself in each copy).
 */
final class AfterRestoreWarmup {
    private AfterRestoreWarmup() {
    }

    static void run() {
        Reseed.warmUp(); // the JDK's seeders: every copy sets them again
        new CopyReady(null).toFrame();
        new CopyReady("warm-up").toFrame();
        TemplateLifecycle.Served.class.getName(); // the record a copy returns its call in
        CracCheckpoint.class.getName();
    }
}
