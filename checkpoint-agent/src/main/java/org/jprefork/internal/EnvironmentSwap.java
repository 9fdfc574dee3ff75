package org.jprefork.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;

/**
 * Makes a restored JVM see a different set of environment variables.
 *
 * <p>Two copies of the environment exist and both are replaced:
 * <ul>
 *   <li>the JDK's cache, {@code java.lang.ProcessEnvironment.theEnvironment}
 *       ({@code HashMap<Variable,Value>}, read once at class initialization). Identical on
 *       JDK 17, 21 and 25. {@code theUnmodifiableEnvironment} (what {@code System.getenv} returns)
 *       and {@code ProcessBuilder.environment()} are a view and a clone of it, so the map is
 *       updated in place: its static final fields may be constant-folded by the JIT and must not
 *       be reassigned.</li>
 *   <li>the C {@code environ} of the process. A {@code ProcessBuilder} whose
 *       {@code environment()} was never called (and {@code Runtime.exec} without {@code envp})
 *       passes a {@code null} environment block to the native launcher, so the child inherits the
 *       C {@code environ}, not the JDK's cache. Native libraries ({@code getenv(3)}) read it too.
 *       </li>
 * </ul>
 *
 * <p>Neither copy is thread-safe: call this while no other thread reads the environment or
 * starts processes (at restore, before the program resumes).
 */
public final class EnvironmentSwap {

    private static final String PE = "java.lang.ProcessEnvironment";

    /** The names and values (alternating) of the last C environ written, and its address (0: none). */
    private static List<byte[]> lastContent = List.of();
    private static long lastArray;

    private EnvironmentSwap() {
    }

    /**
     * Replaces the whole environment with {@code newEnv}: afterwards {@link System#getenv()},
     * {@link System#getenv(String)}, {@code new ProcessBuilder().environment()} and every child
     * process see exactly these variables.
     *
     * @param newEnv variable names to values; names must not contain {@code '='} or NUL
     * @throws IllegalArgumentException if a name or value is not a valid environment entry
     * @throws IllegalStateException if the JDK layout is unknown, the needed packages are not
     *     opened, or the native environment could not be changed
     */
    public static void replace(Map<String, String> newEnv) {
        Charset cs = jnuCharset();
        List<byte[]> entries = new ArrayList<>();
        newEnv.forEach((k, v) -> {
            Objects.requireNonNull(k, "name");
            Objects.requireNonNull(v, () -> "value of " + k);
            if (k.isEmpty() || k.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: \"" + k + "\"");
            }
            entries.add((k + "=" + v).getBytes(cs));
        });
        replaceRaw(entries);
    }

    /**
     * Replaces the whole environment with {@code NAME=VALUE} entries as bytes, passed to child
     * processes exactly as given (as plain java passes its own environment on), and decoded for
     * {@link System#getenv()} with the JDK's native charset.
     *
     * Entries without '=' or with an empty name are left out, as the JDK leaves them out of its
     * own view of a process's environment.
     *
     * @throws IllegalArgumentException for an entry with NUL
     */
    public static void replaceRaw(List<byte[]> entries) {
        Map<ByteKey, byte[]> raw = new LinkedHashMap<>();
        for (byte[] entry : entries) {
            if (indexOf(entry, (byte) 0) >= 0) {
                throw new IllegalArgumentException("invalid environment entry (NUL): \""
                        + new String(entry, jnuCharset()) + "\"");
            }
            int eq = indexOf(entry, (byte) '=');
            if (eq <= 0) {
                continue;
            }
            raw.put(new ByteKey(Arrays.copyOf(entry, eq)), Arrays.copyOfRange(entry, eq + 1, entry.length));
        }
        JdkEnvironment jdk = JdkEnvironment.get();
        if (jdk.caseInsensitive != null) {
            replaceWindows(jdk.theEnvironment, jdk.caseInsensitive, strings(raw));
            return;
        }
        // The JDK's own key/value types, made from the bytes as the JDK makes them from the
        // process's environ at start-up: ProcessImpl writes those bytes into a child's block.
        Map<Object, Object> converted = new HashMap<>();
        raw.forEach((k, v) -> converted.put(jdk.variable(k.bytes), jdk.value(v)));

        replaceNativeEnviron(raw);
        jdk.theEnvironment.clear();
        jdk.theEnvironment.putAll(converted);

        if (!verified) {
            // Once per JVM (in the template, before any copy): the layout does not change.
            verify(jdk, raw);
            verified = true;
        }
    }

    /** Set once both views were seen to follow a replacement (JDK layout as expected). */
    private static volatile boolean verified;

    /**
     * The JDK's environment internals, looked up once per JVM (in the template: copies find
     * them resolved). The entries are made through method handles, which do not generate an
     * accessor class after a number of calls as reflection does on JDK 17.
     */
    private static final class JdkEnvironment {
        private static volatile JdkEnvironment instance;
        final Map<Object, Object> theEnvironment;
        final Field caseInsensitive;
        final Method environ;
        private final MethodHandle variableOf;
        private final MethodHandle valueOf;

        @SuppressWarnings("unchecked")
        private JdkEnvironment() {
            Class<?> pe = JdkInternals.type(PE);
            theEnvironment = (Map<Object, Object>) JdkInternals.get(JdkInternals.field(pe, "theEnvironment"), null);
            // System.getenv() returns this one: a live view of theEnvironment (checked once).
            JdkInternals.field(pe, "theUnmodifiableEnvironment");
            caseInsensitive = JdkInternals.optionalField(pe, "theCaseInsensitiveEnvironment");
            environ = caseInsensitive != null ? null : JdkInternals.method(pe, "environ");
            MethodType of = MethodType.methodType(Object.class, byte[].class);
            variableOf = caseInsensitive != null ? null
                    : handle(JdkInternals.method(JdkInternals.type(PE + "$Variable"), "valueOf", byte[].class)).asType(of);
            valueOf = caseInsensitive != null ? null
                    : handle(JdkInternals.method(JdkInternals.type(PE + "$Value"), "valueOf", byte[].class)).asType(of);
        }

        static JdkEnvironment get() {
            JdkEnvironment e = instance;
            if (e == null) {
                e = new JdkEnvironment();
                instance = e;
            }
            return e;
        }

        Object variable(byte[] name) {
            try {
                return (Object) variableOf.invokeExact(name);
            } catch (Throwable t) {
                throw unsupported(t);
            }
        }

        Object value(byte[] value) {
            try {
                return (Object) valueOf.invokeExact(value);
            } catch (Throwable t) {
                throw unsupported(t);
            }
        }

        private static MethodHandle handle(Method m) {
            try {
                return MethodHandles.lookup().unreflect(m); // m is accessible (JdkInternals)
            } catch (IllegalAccessException e) {
                throw unsupported(e);
            }
        }

        private static IllegalStateException unsupported(Throwable t) {
            return new IllegalStateException("unsupported JDK internal layout on Java " + Runtime.version()
                    + ": " + PE + ": " + t, t);
        }
    }

    /** Both views show exactly {@code raw}: System.getenv() and the C environ (JDK's own reader). */
    private static void verify(JdkEnvironment jdk, Map<ByteKey, byte[]> raw) {
        if (!System.getenv().equals(strings(raw))) {
            throw new IllegalStateException("unsupported JDK internal layout on Java "
                    + Runtime.version() + ": " + PE
                    + ".theUnmodifiableEnvironment does not reflect theEnvironment");
        }
        Set<ByteKey> left = nativeNames(jdk.environ);
        if (!left.equals(raw.keySet())) {
            throw new IllegalStateException("native environment has " + left.size() + " names after replacing it with "
                    + raw.size());
        }
    }

    private static Map<String, String> strings(Map<ByteKey, byte[]> raw) {
        Charset cs = jnuCharset();
        Map<String, String> strings = new LinkedHashMap<>();
        raw.forEach((k, v) -> strings.put(new String(k.bytes, cs), new String(v, cs)));
        return strings;
    }

    /**
     * The JDK's environment map that {@link #replaceRaw} updates in place: whoever holds it, or
     * a view of it such as {@code System.getenv()}, sees each call's environment.
     */
    public static Object jdkEnvironmentMap() {
        return JdkInternals.get(JdkInternals.field(JdkInternals.type(PE), "theEnvironment"), null);
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Bytes with value equality, for names that may not decode. */
    private record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /**
     * Windows layout (never used by jprefork, which needs CRIU, but cheap to keep correct):
     * theEnvironment is a String-keyed ProcessEnvironment map and theCaseInsensitiveEnvironment
     * a TreeMap copy used by getenv(name). Only the JDK's view is changed there.
     */
    @SuppressWarnings("unchecked")
    private static void replaceWindows(Map<Object, Object> theEnvironment, Field caseInsensitive,
            Map<String, String> env) {
        Map<Object, Object> ci = (Map<Object, Object>) JdkInternals.get(caseInsensitive, null);
        theEnvironment.clear();
        theEnvironment.putAll(env);
        ci.clear();
        ci.putAll(env);
    }

    /**
     * Points the C {@code environ} at a new array of {@code NAME=value} strings, all in one
     * block of native memory that is never freed (a copy serves one call; the few replacements
     * in a template leave a few hundred bytes each). glibc's setenv, unsetenv and putenv work
     * on an array they did not allocate (setenv copies it before growing it), so native code
     * of the program keeps working. One write replaces a setenv or unsetenv per variable, which
     * cost a copy about a millisecond for a caller's few dozen variables.
     *
     * <p>An environment identical to the last one this wrote reuses that array: the template's
     * warm-up replaces its environment hundreds of times with the same made-up one
     * ({@link Warmup}), which must not leave hundreds of blocks in the image. Reuse is safe
     * because the block is never freed and holds the same bytes: a pointer that native code
     * kept into it reads what it read before.
     */
    private static synchronized void replaceNativeEnviron(Map<ByteKey, byte[]> env) {
        MemoryIO io = MemoryIO.getInstance();
        long environ = Library.getDefault().getSymbolAddress("environ");
        if (environ == 0) {
            throw new IllegalStateException("no environ symbol in the C library");
        }
        long total = 0;
        List<byte[]> content = new ArrayList<>(env.size() * 2);
        for (Map.Entry<ByteKey, byte[]> e : env.entrySet()) {
            total += e.getKey().bytes.length + 1 + e.getValue().length + 1;
            content.add(e.getKey().bytes);
            content.add(e.getValue());
        }
        if (lastArray != 0 && sameEntries(content, lastContent)) {
            io.putAddress(environ, lastArray);
            return;
        }
        long block = io.allocateMemory(Math.max(1, total), false);
        long array = io.allocateMemory((long) (env.size() + 1) * Long.BYTES, false);
        if (block == 0 || array == 0) {
            throw new IllegalStateException("out of native memory for the environment");
        }
        long at = block;
        int i = 0;
        for (Map.Entry<ByteKey, byte[]> e : env.entrySet()) {
            io.putAddress(array + (long) i++ * Long.BYTES, at);
            byte[] name = e.getKey().bytes;
            byte[] value = e.getValue();
            io.putByteArray(at, name, 0, name.length);
            at += name.length;
            io.putByte(at++, (byte) '=');
            io.putByteArray(at, value, 0, value.length);
            at += value.length;
            io.putByte(at++, (byte) 0);
        }
        io.putAddress(array + (long) i * Long.BYTES, 0L);
        io.putAddress(environ, array);
        lastContent = content;
        lastArray = array;
    }

    private static boolean sameEntries(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Set<ByteKey> nativeNames(Method environ) {
        byte[][] pairs = (byte[][]) JdkInternals.invoke(environ, null);
        Set<ByteKey> names = new HashSet<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            names.add(new ByteKey(pairs[i]));
            // Fresh copies nobody else sees: no caller's value stays behind in the heap as garbage
            // (the template is dumped right after emptying its environment, EnvironmentScrub).
            Arrays.fill(pairs[i + 1], (byte) 0);
        }
        return names;
    }

    /** The charset the JDK uses for native strings; the default charset on JDK 17. */
    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
