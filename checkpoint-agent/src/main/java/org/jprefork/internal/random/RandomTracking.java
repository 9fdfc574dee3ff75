package org.jprefork.internal.random;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.security.SecureRandom;
import java.util.Random;
import org.jprefork.internal.HookClass;

/**
 * Tracks the {@code Random} and {@code SecureRandom} objects a template makes before its
 * checkpoint, so that every restored copy can reseed them: otherwise all copies of one image
 * continue the same sequences. Generators seeded explicitly keep theirs.
 */
public final class RandomTracking {
    private static volatile RandomRegistry registry;
    private static volatile java.lang.reflect.Field sink;

    private RandomTracking() {
    }

    /**
     * Starts tracking. Needs java.util, java.security and sun.security.provider open to the agent.
     *
     * @throws IllegalStateException if this JDK's classes cannot be rewritten as expected
     */
    public static void install(Instrumentation inst) {
        try {
            RandomRegistry r = new RandomRegistry();
            Class<?> hook = MethodHandles.privateLookupIn(Random.class, MethodHandles.lookup())
                    .defineClass(HookClass.bytes(RandomTransformer.HOOK));
            inst.addTransformer(new RandomTransformer(), true);
            inst.retransformClasses(Random.class, SecureRandom.class);
            java.lang.reflect.Field f = hook.getField(HookClass.SINK);
            f.set(null, r);
            sink = f;
            registry = r;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError
                 | java.lang.instrument.UnmodifiableClassException e) {
            throw new IllegalStateException("cannot track Random and SecureRandom objects on this JDK: " + e, e);
        }
    }

    /** Stops tracking (at the checkpoint): generators made later are seeded in their copy. */
    public static void stop() {
        java.lang.reflect.Field f = sink;
        if (f == null) {
            return;
        }
        try {
            f.set(null, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the sink stays; it only costs a map update per new generator
        }
    }

    /** Reseeds every tracked self-seeded generator with bytes from {@code urandom}. */
    public static void reseed(InputStream urandom) throws IOException, IllegalAccessException {
        RandomRegistry r = registry;
        if (r == null) {
            return;
        }
        for (Object generator : r.selfSeeded()) {
            byte[] fresh = urandom.readNBytes(32);
            if (fresh.length != 32) {
                throw new IOException("short read from /dev/urandom");
            }
            r.reseed(generator, fresh);
        }
    }
}
