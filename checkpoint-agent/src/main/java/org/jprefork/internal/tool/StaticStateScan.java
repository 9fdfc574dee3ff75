package org.jprefork.internal.tool;

import java.lang.instrument.Instrumentation;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks through what a tool's static state holds, after its warm-up run, for what that run was
 * handed ({@link WarmupTraces}): every object reachable from a static field of the tool's classes
 * (loaded by a class loader other than the JDK's, and not jprefork's own) and from the threads'
 * thread-locals. Fields are read through {@link HeapAccess}, so private fields of any module are
 * seen; the walk does not enter {@code Class} objects (each class's statics are roots of their
 * own, and the JDK's are not the tool's), threads, nor the JDK state that every copy replaces when
 * it takes its call (the live environment map, the system properties).
 *
 * <p>The walk is bounded in time and objects; a walk cut short is reported as such, never as clean.
 */
final class StaticStateScan {
    /** How far a walk may go. */
    record Limits(long maxObjects, long maxNanos) {
    }

    /**
     * What the walk found. {@code kept}: what of the warm-up's call was found (e.g.
     * "arguments"), with {@code where} the static field (CLASS.FIELD) it was reached from; or
     * {@code unchecked}: why the walk could not finish; both null when nothing was found.
     */
    record Result(String kept, String where, String path, String unchecked, long objects, long nanos) {
        boolean clean() {
            return kept == null && unchecked == null;
        }
    }

    private static final Set<String> REFERENCE_INTERNALS = Set.of("queue", "next", "discovered");
    /**
     * JDK classes whose objects are not entered: per-thread scratch buffers that remember the last
     * path they held only to compare it by identity (sun.nio.fs.NativeBuffers' thread-local cache).
     */
    private static final Set<String> SCRATCH = Set.of("sun.nio.fs.NativeBuffer");
    private static final Layout NONE = new Layout(new long[0], new String[0]);

    /** A class's reference instance fields: offsets, and names (for the path to a find). */
    private record Layout(long[] offsets, String[] names) {
    }

    private final WarmupTraces traces;
    private final Limits limits;
    private final Set<Object> opaque;
    private final byte[] markBytes;
    private final IdentitySet seen = new IdentitySet();
    private final Map<Class<?>, Layout> layouts = new HashMap<>();
    private final ArrayDeque<Object> stack = new ArrayDeque<>();
    private final ReflectionCaches reflection = new ReflectionCaches();
    private long deadline;
    private Object found;

    private StaticStateScan(WarmupTraces traces, Limits limits, Set<Object> opaque) {
        this.traces = traces;
        this.limits = limits;
        this.opaque = opaque;
        this.markBytes = traces.mark() == null ? null : traces.mark().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Walks from every static field of the tool's classes ({@code inst}'s loaded classes) and
     * every thread's thread-locals. {@code live}: objects not to enter, the JDK state each copy
     * updates in place when it takes its call.
     */
    static Result scan(Instrumentation inst, WarmupTraces traces, Limits limits, List<Object> live) {
        Set<Object> opaque = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        opaque.addAll(live);
        return new StaticStateScan(traces, limits, opaque).run(inst.getAllLoadedClasses());
    }

    private Result run(Class<?>[] classes) {
        long start = System.nanoTime();
        deadline = start + limits.maxNanos();
        ProtectionDomain own = StaticStateScan.class.getProtectionDomain();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try {
            for (Class<?> c : classes) {
                // A class never initialised holds nothing in its statics yet (training loads many).
                if (c.isArray() || c.isPrimitive() || c.getClassLoader() == null || c.getClassLoader() == platform
                        || c.getProtectionDomain() == own || HeapAccess.uninitialised(c)) {
                    continue;
                }
                Field[] fields;
                try {
                    fields = reflection.fields(c);
                } catch (LinkageError e) {
                    return result(null, null, "cannot list the fields of " + c.getName() + " (" + e + ")", start);
                }
                for (Field f : fields) {
                    if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    Object value = HeapAccess.getStatic(f);
                    String kept = walk(value);
                    if (kept != null) {
                        return found(kept, c.getName() + "." + f.getName(), value, start);
                    }
                }
            }
            Field locals = Thread.class.getDeclaredField("threadLocals");
            Field inherited = Thread.class.getDeclaredField("inheritableThreadLocals");
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                for (Field f : List.of(locals, inherited)) {
                    Object map = HeapAccess.get(t, HeapAccess.offset(f));
                    String kept = walk(map);
                    if (kept != null) {
                        return found(kept, "a thread-local of thread \"" + t.getName() + "\"", map, start);
                    }
                }
            }
            return result(null, null, null, start);
        } catch (Bounded b) {
            return result(null, null, b.getMessage(), start);
        } catch (OutOfMemoryError e) {
            stack.clear(); // what the walk holds is garbage now
            return result(null, null, "out of memory after " + seen.size() + " objects", start);
        } catch (LinkageError | ReflectiveOperationException | RuntimeException e) {
            return result(null, null, e.toString(), start);
        } finally {
            reflection.dropNew();
        }
    }

    private Result result(String kept, String where, String unchecked, long start) {
        return new Result(kept, where, null, unchecked, seen.size(), System.nanoTime() - start);
    }

    private Result found(String kept, String where, Object root, long start) {
        long objects = seen.size();
        long nanos = System.nanoTime() - start;
        return new Result(kept, where, pathTo(root, found), null, objects, nanos);
    }

    /** Walks from {@code root}; returns what of the warm-up's call it reached, or null. */
    private String walk(Object root) {
        if (root == null || !seen.add(root)) {
            return null;
        }
        stack.push(root);
        while (!stack.isEmpty()) {
            Object o = stack.pop();
            String kept = traces.identities().get(o);
            if (kept == null) {
                kept = visit(o);
            }
            if (kept != null) {
                stack.clear();
                found = o;
                return kept;
            }
            if ((seen.size() & 0xfff) == 0) {
                checkBounds();
            }
        }
        return null;
    }

    /** Checks one object's content and pushes what it refers to; returns what it holds, or null. */
    private String visit(Object o) {
        Class<?> c = o.getClass();
        if (c == String.class) {
            return markBytes != null && ((String) o).contains(traces.mark()) ? WarmupTraces.CWD : null;
        }
        if (c.isArray()) {
            if (o instanceof Object[] a) {
                for (Object e : a) {
                    push(e);
                }
                return null;
            }
            if (markBytes != null && (o instanceof byte[] b && contains(b) || o instanceof char[] ch && contains(ch))) {
                return WarmupTraces.CWD;
            }
            return null;
        }
        if (!enters(o)) {
            return null;
        }
        for (long offset : layout(c).offsets()) {
            push(HeapAccess.get(o, offset));
        }
        return null;
    }

    /** Whether the walk goes into this (non-array, non-String) object's fields. */
    private boolean enters(Object o) {
        return !(o instanceof Class || o instanceof Thread || o instanceof ThreadGroup || opaque.contains(o)
                || SCRATCH.contains(o.getClass().getName()));
    }

    private void push(Object o) {
        if (o != null && seen.add(o)) {
            stack.push(o);
        }
    }

    private void checkBounds() {
        if (seen.size() > limits.maxObjects()) {
            throw new Bounded("more than " + limits.maxObjects() + " objects");
        }
        if (System.nanoTime() > deadline) {
            throw new Bounded("more than " + limits.maxNanos() / 1_000_000 + " ms");
        }
    }

    /** {@code c}'s reference instance fields, its superclasses' included. */
    private Layout layout(Class<?> c) {
        Layout known = layouts.get(c);
        if (known != null) {
            return known;
        }
        List<Long> offsets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            Field[] fields;
            try {
                fields = reflection.fields(k);
            } catch (LinkageError e) {
                throw new Bounded("cannot list the fields of " + k.getName() + " (" + e + ")");
            }
            for (Field f : fields) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()
                        || k == Reference.class && REFERENCE_INTERNALS.contains(f.getName())) {
                    continue;
                }
                offsets.add(HeapAccess.offset(f));
                names.add(f.getName());
            }
        }
        Layout out = offsets.isEmpty() ? NONE
                : new Layout(offsets.stream().mapToLong(Long::longValue).toArray(), names.toArray(new String[0]));
        layouts.put(c, out);
        return out;
    }

    /**
     * How {@code target} is reached from {@code root}, for the log: the shortest chain of fields
     * (a second, breadth-first walk of that root alone; bounded like the first).
     */
    private String pathTo(Object root, Object target) {
        Map<Object, Object[]> via = new java.util.IdentityHashMap<>();
        ArrayDeque<Object> queue = new ArrayDeque<>();
        via.put(root, new Object[0]);
        queue.add(root);
        while (!queue.isEmpty() && via.size() < limits.maxObjects()) {
            Object o = queue.poll();
            if (o == target) {
                List<String> steps = new ArrayList<>();
                for (Object[] step = via.get(o); step.length > 0; step = via.get(step[0])) {
                    steps.add(0, step[0].getClass().getName() + (step[1] != null ? "." + step[1] : "[]"));
                }
                steps.add(target.getClass().getName());
                return String.join(" -> ", steps);
            }
            Class<?> c = o.getClass();
            if (c == String.class || c.isArray() && !(o instanceof Object[]) || !c.isArray() && !enters(o)) {
                continue;
            }
            if (o instanceof Object[] a) {
                for (Object e : a) {
                    if (e != null && via.putIfAbsent(e, new Object[] {o, null}) == null) {
                        queue.add(e);
                    }
                }
                continue;
            }
            Layout l = layout(c);
            for (int i = 0; i < l.offsets().length; i++) {
                Object e = HeapAccess.get(o, l.offsets()[i]);
                if (e != null && via.putIfAbsent(e, new Object[] {o, l.names()[i]}) == null) {
                    queue.add(e);
                }
            }
        }
        return "(path not found again)";
    }

    private boolean contains(byte[] b) {
        byte first = markBytes[0];
        for (int i = 0, last = b.length - markBytes.length; i <= last; i++) {
            if (b[i] == first && Arrays.equals(b, i, i + markBytes.length, markBytes, 0, markBytes.length)) {
                return true;
            }
        }
        return false;
    }

    private boolean contains(char[] ch) {
        String mark = traces.mark();
        char first = mark.charAt(0);
        for (int i = 0, last = ch.length - mark.length(); i <= last; i++) {
            if (ch[i] == first && mark.contentEquals(java.nio.CharBuffer.wrap(ch, i, mark.length()))) {
                return true;
            }
        }
        return false;
    }

    /** The walk went past its limits. */
    private static final class Bounded extends RuntimeException {
        Bounded(String why) {
            super(why, null, false, false);
        }
    }
}
