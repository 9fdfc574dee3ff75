package org.jprefork.internal;

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
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;

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
        Charset cs = jnuCharset();
        Map<String, String> strings = new LinkedHashMap<>();
        Map<ByteKey, byte[]> raw = new LinkedHashMap<>();
        for (byte[] entry : entries) {
            if (indexOf(entry, (byte) 0) >= 0) {
                throw new IllegalArgumentException("invalid environment entry (NUL): \"" + new String(entry, cs) + "\"");
            }
            int eq = indexOf(entry, (byte) '=');
            if (eq <= 0) {
                continue;
            }
            byte[] name = Arrays.copyOf(entry, eq);
            byte[] value = Arrays.copyOfRange(entry, eq + 1, entry.length);
            raw.put(new ByteKey(name), value);
            strings.put(new String(name, cs), new String(value, cs));
        }

        Class<?> pe = JdkInternals.type(PE);
        @SuppressWarnings("unchecked")
        Map<Object, Object> theEnvironment = (Map<Object, Object>) JdkInternals.get(
                JdkInternals.field(pe, "theEnvironment"), null);
        // System.getenv() returns this one: a live view of theEnvironment (checked below).
        JdkInternals.field(pe, "theUnmodifiableEnvironment");

        Field caseInsensitive = JdkInternals.optionalField(pe, "theCaseInsensitiveEnvironment");
        if (caseInsensitive != null) {
            replaceWindows(theEnvironment, caseInsensitive, strings);
            return;
        }

        // The JDK's own key/value types, made from the bytes as the JDK makes them from the
        // process's environ at start-up: ProcessImpl writes those bytes into a child's block.
        Method variable = JdkInternals.method(JdkInternals.type(PE + "$Variable"), "valueOf", byte[].class);
        Method value = JdkInternals.method(JdkInternals.type(PE + "$Value"), "valueOf", byte[].class);
        Map<Object, Object> converted = new HashMap<>();
        raw.forEach((k, v) -> converted.put(JdkInternals.invoke(variable, null, (Object) k.bytes),
                JdkInternals.invoke(value, null, (Object) v)));

        replaceNativeEnviron(pe, raw);
        theEnvironment.clear();
        theEnvironment.putAll(converted);

        if (!System.getenv().equals(strings)) {
            throw new IllegalStateException("unsupported JDK internal layout on Java "
                    + Runtime.version() + ": " + PE
                    + ".theUnmodifiableEnvironment does not reflect theEnvironment");
        }
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
     * Rewrites the C environ with setenv/unsetenv on bytes (glibc keeps them consistent with
     * environ). The current names come from the JDK's own native reader
     * ProcessEnvironment.environ(), which re-reads environ on every call (JDK 17-25).
     */
    private static void replaceNativeEnviron(Class<?> pe, Map<ByteKey, byte[]> env) {
        RawEnv libc = NativeEnv.INSTANCE;
        Method environ = JdkInternals.method(pe, "environ");
        for (ByteKey name : nativeNames(environ)) {
            if (!env.containsKey(name) && libc.unsetenv(cString(name.bytes)) != 0) {
                throw new IllegalStateException("unsetenv(" + new String(name.bytes, jnuCharset()) + ") failed");
            }
        }
        for (Map.Entry<ByteKey, byte[]> e : env.entrySet()) {
            if (libc.setenv(cString(e.getKey().bytes), cString(e.getValue()), 1) != 0) {
                throw new IllegalStateException("setenv(" + new String(e.getKey().bytes, jnuCharset()) + ") failed");
            }
        }
        Set<ByteKey> left = nativeNames(environ);
        if (!left.equals(env.keySet())) {
            throw new IllegalStateException("native environment has " + left.size() + " names after replacing it with "
                    + env.size());
        }
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

    private static byte[] cString(byte[] b) {
        return Arrays.copyOf(b, b.length + 1);
    }

    /** The charset the JDK uses for native strings; the default charset on JDK 17. */
    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** libc's setenv and unsetenv on NUL-terminated bytes (jnr-posix takes only Strings). */
    public interface RawEnv {
        int setenv(@In byte[] name, @In byte[] value, int overwrite);

        int unsetenv(@In byte[] name);
    }

    /** Loaded on first use only: jnr needs its native stub, which the pure-Java paths do not. */
    private static final class NativeEnv {
        static final RawEnv INSTANCE = LibraryLoader.create(RawEnv.class).load("c");
    }
}
