package org.jprefork.internal.random;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ObjIntConsumer;

/**
 * The self-seeded generators of the template, held weakly, each with whether the program seeded
 * it explicitly since (whose sequence must then stay as it is: that is the contract of a seed).
 */
final class RandomRegistry implements ObjIntConsumer<Object> {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long MASK = (1L << 48) - 1;

    private final Map<Object, Boolean> tracked = Collections.synchronizedMap(new WeakHashMap<>());
    private final Field secureRandomSpi;
    private final Field randomSeed;
    private final Field haveNextNextGaussian;

    RandomRegistry() throws ReflectiveOperationException {
        secureRandomSpi = accessible(SecureRandom.class.getDeclaredField("secureRandomSpi"));
        randomSeed = accessible(Random.class.getDeclaredField("seed"));
        haveNextNextGaussian = accessible(Random.class.getDeclaredField("haveNextNextGaussian"));
    }

    @Override
    public void accept(Object generator, int kind) {
        if (kind == RandomTransformer.CREATED) {
            if (!(generator instanceof ThreadLocalRandom)) {
                tracked.putIfAbsent(generator, Boolean.FALSE);
            }
        } else if (tracked.containsKey(generator) && seedingFixesSequence(generator)) {
            tracked.put(generator, Boolean.TRUE);
        }
    }

    /**
     * Random.setSeed always fixes the sequence. SecureRandom.setSeed only supplements the seed,
     * except for SHA1PRNG seeded before its first output, which is then deterministic.
     */
    private boolean seedingFixesSequence(Object generator) {
        if (!(generator instanceof SecureRandom)) {
            return true;
        }
        try {
            Object spi = secureRandomSpi.get(generator);
            if (spi == null || !spi.getClass().getName().equals("sun.security.provider.SecureRandom")) {
                return false;
            }
            Field state = accessible(spi.getClass().getDeclaredField("state"));
            return state.get(spi) == null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // when unsure, keep the program's sequence
        }
    }

    /** The generators to reseed: self-seeded, and not seeded explicitly since. */
    List<Object> selfSeeded() {
        List<Object> out = new ArrayList<>();
        synchronized (tracked) {
            tracked.forEach((generator, explicit) -> {
                if (!explicit) {
                    out.add(generator);
                }
            });
        }
        return out;
    }

    /** Gives one generator fresh state; {@code fresh} holds 32 bytes from the system. */
    void reseed(Object generator, byte[] fresh) throws IllegalAccessException {
        if (generator instanceof SecureRandom s) {
            s.setSeed(fresh); // supplements: the copied state plus this copy's own bytes
        } else if (generator instanceof Random r) {
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (fresh[i] & 0xff);
            }
            // The field, not setSeed: a subclass may override setSeed with other effects.
            ((java.util.concurrent.atomic.AtomicLong) randomSeed.get(r)).set((seed ^ MULTIPLIER) & MASK);
            haveNextNextGaussian.setBoolean(r, false);
        }
    }

    private static Field accessible(Field f) {
        f.setAccessible(true);
        return f;
    }
}
