package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link Probe} in a forked JVM started with one environment; the probe replaces it with
 * another and reports what Java and its child processes see.
 */
class EnvironmentSwapTest {

    private static final Map<String, String> STARTUP = Map.of(
            "PATH", "/usr/bin:/bin",
            "LC_ALL", "C.UTF-8", // fixes sun.jnu.encoding so the non-ASCII value is exact
            "KEEP", "same",
            "CHANGE", "old",
            "REMOVE", "gone");

    private static final Map<String, String> NEW_ENV = Map.of(
            "KEEP", "same",
            "CHANGE", "new",
            "ADDED", "spaces and = sign\nsecond line",
            "EMPTY", "",
            "UNICODE", "h\u00e9llo w\u00f6rld \u20ac",
            "PATH", "/nonexistent");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jprefork.internal.WorkingDirectorySwapTest#javaHomes")
    void javaAndChildProcessesSeeExactlyTheNewEnvironment(Path javaHome) throws Exception {
        List<String> args = new ArrayList<>();
        NEW_ENV.forEach((k, v) -> args.add(WorkingDirectorySwapTest.escape(k + "=" + v)));

        Map<String, String> r = WorkingDirectorySwapTest.fork(javaHome, tmp, STARTUP, List.of(),
                Probe.class, args);

        assertEquals("gone", r.get("before.REMOVE"), r::toString);
        assertNull(r.get("get.REMOVE"), r::toString);
        assertEquals("new", r.get("get.CHANGE"), r::toString);
        assertEquals("true", r.get("environ.reused"), r::toString);
        assertEquals(NEW_ENV.get("ADDED"), r.get("get.ADDED"), r::toString);
        assertEquals(NEW_ENV.get("UNICODE"), r.get("get.UNICODE"), r::toString);
        for (String source : List.of("getenv", "ProcessBuilder.environment", "child.default",
                "child.environment", "child.exec")) {
            assertEquals(new TreeMap<>(NEW_ENV), section(r, source), source);
        }
    }

    @Test
    void invalidNameIsRejectedBeforeAnythingChanges() {
        Map<String, String> before = new HashMap<>(System.getenv());
        Map<String, String> bad = new LinkedHashMap<>(before);
        bad.put("A=B", "x");
        assertThrows(IllegalArgumentException.class, () -> EnvironmentSwap.replace(bad));
        assertEquals(before, System.getenv());
    }

    @Test
    void nullValueIsRejected() {
        Map<String, String> bad = new HashMap<>();
        bad.put("X", null);
        assertThrows(NullPointerException.class, () -> EnvironmentSwap.replace(bad));
    }

    private static Map<String, String> section(Map<String, String> r, String source) {
        Map<String, String> m = new TreeMap<>();
        r.forEach((k, v) -> {
            if (k.startsWith(source + ":")) {
                m.put(k.substring(source.length() + 1), v);
            }
        });
        return m;
    }

    /** Child main: arguments are escaped {@code NAME=value} entries of the new environment. */
    public static final class Probe {
        private static final String[] ENV = {"/usr/bin/env", "-0"};

        public static void main(String[] args) throws Exception {
            Map<String, String> newEnv = new HashMap<>();
            for (String arg : args) {
                String entry = WorkingDirectorySwapTest.unescape(arg);
                int eq = entry.indexOf('=');
                newEnv.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            Map<String, String> out = new LinkedHashMap<>();
            out.put("before.REMOVE", System.getenv("REMOVE"));

            // Twice, as in a copy: the template replaced it before its checkpoint.
            EnvironmentSwap.replace(Map.of("BETWEEN", "replaced again next", "CHANGE", "between"));
            EnvironmentSwap.replace(newEnv);
            long first = environArray();
            // The template's warm-up writes the same environment hundreds of times: no new array.
            EnvironmentSwap.replace(newEnv);
            out.put("environ.reused", String.valueOf(environArray() == first));

            for (String name : List.of("REMOVE", "CHANGE", "ADDED", "UNICODE")) {
                out.put("get." + name, System.getenv(name));
            }
            put(out, "getenv", System.getenv());
            put(out, "ProcessBuilder.environment", new ProcessBuilder().environment());
            // environment() never called: ProcessImpl passes no block, the child gets C environ.
            put(out, "child.default", parseEnv0(new ProcessBuilder(ENV).start()));
            ProcessBuilder withEnv = new ProcessBuilder(ENV);
            withEnv.environment(); // the JDK builds the block from its own copy
            put(out, "child.environment", parseEnv0(withEnv.start()));
            put(out, "child.exec", parseEnv0(Runtime.getRuntime().exec(ENV)));
            WorkingDirectorySwapTest.print(out);
        }

        private static long environArray() {
            long environ = com.kenai.jffi.Library.getDefault().getSymbolAddress("environ");
            return com.kenai.jffi.MemoryIO.getInstance().getAddress(environ);
        }

        private static void put(Map<String, String> out, String source, Map<String, String> env) {
            env.forEach((k, v) -> out.put(source + ":" + k, v));
        }

        private static Map<String, String> parseEnv0(Process p) throws Exception {
            String all = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("env failed");
            }
            Map<String, String> env = new HashMap<>();
            for (String entry : all.split("\0")) {
                if (!entry.isEmpty()) {
                    int eq = entry.indexOf('=');
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return env;
        }
    }
}
