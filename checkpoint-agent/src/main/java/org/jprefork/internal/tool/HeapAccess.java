package org.jprefork.internal.tool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

/**
 * Reads reference fields of any object or class, private or not, in any module, through
 * {@code jdk.internal.misc.Unsafe} (which the agent's premain exports to itself): no
 * {@code setAccessible}, so no module needs opening, and no Field object per read. The handles
 * are static finals, which the JIT inlines, so a read costs about what a field access does.
 */
final class HeapAccess {
    private static final MethodHandle GET_REFERENCE;
    private static final MethodHandle OBJECT_FIELD_OFFSET;
    private static final MethodHandle STATIC_FIELD_BASE;
    private static final MethodHandle STATIC_FIELD_OFFSET;
    private static final MethodHandle SHOULD_BE_INITIALIZED;

    static {
        try {
            Class<?> u = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = u.getMethod("getUnsafe").invoke(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            GET_REFERENCE = lookup.unreflect(u.getMethod("getReference", Object.class, long.class)).bindTo(unsafe);
            OBJECT_FIELD_OFFSET = lookup.unreflect(u.getMethod("objectFieldOffset", Field.class)).bindTo(unsafe);
            STATIC_FIELD_BASE = lookup.unreflect(u.getMethod("staticFieldBase", Field.class)).bindTo(unsafe);
            STATIC_FIELD_OFFSET = lookup.unreflect(u.getMethod("staticFieldOffset", Field.class)).bindTo(unsafe);
            SHOULD_BE_INITIALIZED = lookup.unreflect(u.getMethod("shouldBeInitialized", Class.class)).bindTo(unsafe);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private HeapAccess() {
    }

    /** The reference at {@code offset} in {@code o} (an object, or a static field base). */
    static Object get(Object o, long offset) {
        try {
            return (Object) GET_REFERENCE.invokeExact(o, offset);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The offset of instance field {@code f}. */
    static long offset(Field f) {
        try {
            return (long) OBJECT_FIELD_OFFSET.invokeExact(f);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The value of static field {@code f}. */
    static Object getStatic(Field f) {
        try {
            Object base = (Object) STATIC_FIELD_BASE.invokeExact(f);
            long offset = (long) STATIC_FIELD_OFFSET.invokeExact(f);
            return get(base, offset);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether {@code c} has not been initialised yet (its statics are then all default). */
    static boolean uninitialised(Class<?> c) {
        try {
            return (boolean) SHOULD_BE_INITIALIZED.invokeExact(c);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
