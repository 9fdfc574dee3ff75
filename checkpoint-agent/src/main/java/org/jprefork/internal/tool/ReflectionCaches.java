package org.jprefork.internal.tool;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code getDeclaredFields} for a heap walk, without leaving the JDK's reflection caches behind:
 * each class keeps what reflection made for it (Field objects and their arrays) behind a soft
 * reference, which the collection before the checkpoint does not clear, so the image would keep
 * it for thousands of the tool's classes and every copy restore it. Caches the walk made are
 * dropped after it; those the tool had already made are left alone.
 */
final class ReflectionCaches {
    private static final long DATA_OFFSET = dataOffset();
    private final List<Reference<?>> made = new ArrayList<>();

    /** {@code c}'s declared fields. */
    Field[] fields(Class<?> c) {
        boolean cached = cache(c) != null;
        Field[] fields = c.getDeclaredFields();
        if (!cached) {
            Reference<?> r = cache(c);
            if (r != null) {
                made.add(r);
            }
        }
        return fields;
    }

    /** Drops the caches this walk made: the classes' reflection data is made again when next asked for. */
    void dropNew() {
        made.forEach(Reference::clear);
        made.clear();
    }

    /** The class's live reflection data reference, or null (none, cleared, or a JDK without it). */
    private static Reference<?> cache(Class<?> c) {
        if (DATA_OFFSET < 0) {
            return null;
        }
        Reference<?> r = (Reference<?>) HeapAccess.get(c, DATA_OFFSET);
        return r == null || r.get() == null ? null : r;
    }

    private static long dataOffset() {
        try {
            return HeapAccess.offset(Class.class.getDeclaredField("reflectionData"));
        } catch (NoSuchFieldException | RuntimeException e) {
            return -1;
        }
    }
}
