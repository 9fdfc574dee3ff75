package org.jprefork.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jprefork.internal.random.RandomTracking;

/**
 * Gives each restored copy its own randomness: without this, every copy of one checkpoint
 * continues the same pseudo-random sequences. Covered (OpenJDK 17 to 25 field names):
 * {@code Math.random()}, the seeds that {@code new Random()}, {@code new SplittableRandom()}
 * and new threads' {@code ThreadLocalRandom} derive from, the {@code ThreadLocalRandom} state of
 * every thread that already used it, and every self-seeded {@code Random} and
 * {@code SecureRandom} the template made (tracked from JVM start, see RandomTracking), which
 * covers {@code UUID.randomUUID()}. Explicitly seeded generators keep their sequences.
 */
final class Reseed {
    private Reseed() {
    }

    /** Reseeds what it can; a JDK whose fields differ keeps the copied state (never fails a call). */
    static void afterRestore() {
        reseedAll(true);
    }

    /**
     * In the template: what {@link #afterRestore} does to the JDK's own seeders, so that copies
     * find those classes initialised and their accessors made. The program's generators are left
     * alone: reseeding one here would seed a SecureRandom the program never used, which must
     * seed itself in each copy.
     */
    static void warmUp() {
        reseedAll(false);
    }

    private static void reseedAll(boolean programsGenerators) {
        try (FileInputStream urandom = new FileInputStream("/dev/urandom")) {
            reseed(urandom);
            if (programsGenerators) {
                RandomTracking.reseed(urandom);
            }
            reseedSplittable(urandom);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            // best effort: the call must go on
        }
    }

    private static void reseed(FileInputStream urandom) throws IOException, ReflectiveOperationException {
        ((AtomicLong) staticField(Random.class, "seedUniquifier")).set(fresh(urandom));
        Class<?> tlr = Class.forName("java.util.concurrent.ThreadLocalRandom");
        ((AtomicLong) staticField(tlr, "seeder")).set(fresh(urandom));
        ((AtomicInteger) staticField(tlr, "probeGenerator")).set((int) fresh(urandom) | 1);

        Field seed = Thread.class.getDeclaredField("threadLocalRandomSeed");
        Field probe = Thread.class.getDeclaredField("threadLocalRandomProbe");
        seed.setAccessible(true);
        probe.setAccessible(true);
        for (Thread t : liveThreads()) {
            if (t != null && probe.getInt(t) != 0) {
                seed.setLong(t, fresh(urandom));
            }
        }

        // Reading the field initialises Math's generator if the program never used it: harmless.
        Class<?> mathHolder = Class.forName("java.lang.Math$RandomNumberGeneratorHolder");
        ((Random) staticField(mathHolder, "randomNumberGenerator")).setSeed(fresh(urandom));
    }

    private static void reseedSplittable(FileInputStream urandom) throws IOException {
        try {
            ((AtomicLong) staticField(java.util.SplittableRandom.class, "defaultGen")).set(fresh(urandom));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another JDK layout: new SplittableRandom() objects then share their sequences
        }
    }

    /**
     * The live platform threads, as Thread.getAllStackTraces() has them, without the stack
     * walks it makes at a safepoint (a millisecond or more in every copy).
     */
    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        while (root.enumerate(threads, true) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return threads;
    }

    private static Object staticField(Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }

    private static long fresh(FileInputStream urandom) throws IOException {
        byte[] b = urandom.readNBytes(8);
        if (b.length != 8) {
            throw new IOException("short read from /dev/urandom");
        }
        return ByteBuffer.wrap(b).getLong();
    }
}
