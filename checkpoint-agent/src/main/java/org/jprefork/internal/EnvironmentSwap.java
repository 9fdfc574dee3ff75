package org.jprefork.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

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
        Map<String, String> env = new LinkedHashMap<>();
        newEnv.forEach((k, v) -> env.put(Objects.requireNonNull(k, "name"),
                Objects.requireNonNull(v, () -> "value of " + k)));

        Class<?> pe = JdkInternals.type(PE);
        @SuppressWarnings("unchecked")
        Map<Object, Object> theEnvironment = (Map<Object, Object>) JdkInternals.get(
                JdkInternals.field(pe, "theEnvironment"), null);
        // System.getenv() returns this one: a live view of theEnvironment (checked below).
        JdkInternals.field(pe, "theUnmodifiableEnvironment");

        Field caseInsensitive = JdkInternals.optionalField(pe, "theCaseInsensitiveEnvironment");
        if (caseInsensitive != null) {
            replaceWindows(theEnvironment, caseInsensitive, env);
            return;
        }

        // Build the JDK's own key/value types first, so invalid input fails before any change.
        // Their valueOf(String) validates ('=' / NUL) and encodes the bytes that ProcessImpl
        // writes into a child's environment block (JDK 17: default charset; 18+: JNU charset).
        Method variable = JdkInternals.method(JdkInternals.type(PE + "$Variable"), "valueOf",
                String.class);
        Method value = JdkInternals.method(JdkInternals.type(PE + "$Value"), "valueOf",
                String.class);
        Map<Object, Object> converted = new HashMap<>();
        env.forEach((k, v) -> converted.put(JdkInternals.invoke(variable, null, k),
                JdkInternals.invoke(value, null, v)));

        replaceNativeEnviron(pe, env);
        theEnvironment.clear();
        theEnvironment.putAll(converted);

        if (!System.getenv().equals(env)) {
            throw new IllegalStateException("unsupported JDK internal layout on Java "
                    + Runtime.version() + ": " + PE
                    + ".theUnmodifiableEnvironment does not reflect theEnvironment");
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
     * Rewrites the C environ with setenv/unsetenv (glibc keeps them consistent with environ).
     * The current names come from the JDK's own native reader ProcessEnvironment.environ(),
     * which re-reads environ on every call (JDK 17-25).
     */
    private static void replaceNativeEnviron(Class<?> pe, Map<String, String> env) {
        POSIX posix = NativePosix.INSTANCE;
        Method environ = JdkInternals.method(pe, "environ");
        for (String name : nativeNames(environ)) {
            if (!env.containsKey(name) && posix.unsetenv(name) != 0) {
                throw new IllegalStateException("unsetenv(" + name + ") failed, errno "
                        + posix.errno());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (posix.setenv(e.getKey(), e.getValue(), 1) != 0) {
                throw new IllegalStateException("setenv(" + e.getKey() + ") failed, errno "
                        + posix.errno());
            }
        }
        // A name whose bytes do not survive decoding cannot be unset by name: detect it
        // rather than let child processes silently inherit it.
        Set<String> left = nativeNames(environ);
        if (!left.equals(env.keySet())) {
            left.removeAll(env.keySet());
            throw new IllegalStateException("native environment still holds " + left
                    + " after replacing it");
        }
    }

    private static Set<String> nativeNames(Method environ) {
        byte[][] pairs = (byte[][]) JdkInternals.invoke(environ, null);
        Set<String> names = new HashSet<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            names.add(new String(pairs[i], jnuCharset()));
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

    /** Loaded on first use only: jnr needs its native stub, which the pure-Java paths do not. */
    private static final class NativePosix {
        static final POSIX INSTANCE = load();

        private static POSIX load() {
            POSIX posix = POSIXFactory.getNativePOSIX();
            if (!posix.isNative()) {
                throw new IllegalStateException("jnr-posix has no native backend; "
                        + "cannot change the process environment");
            }
            return posix;
        }
    }
}
