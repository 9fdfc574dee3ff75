package org.jprefork.internal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticStateScanTest {
    private static final String MARK = "/run/pool.d/warmup-cwd-5eed";
    private static final StaticStateScan.Limits ROOMY = new StaticStateScan.Limits(1_000_000, 10_000_000_000L);

    /** An argument of the warm-up: found by identity only. */
    private final String arg = new String("--input=a.txt");
    private final String[] args = {arg};
    private final String envValue = new String("secret-value");

    static class ArgsInAList {
        static Object held;
    }

    static class EqualButNotTheSame {
        static Object held;
    }

    static class PathBelowTheMark {
        static Object held;
    }

    static class MarkInBytes {
        static Object held;
    }

    static class EnvInAMap {
        static Object held;
    }

    static class BigGraph {
        static Object held;
    }

    private StaticStateScan.Result scan(Class<?> root, StaticStateScan.Limits limits, List<Object> live) {
        Map<Object, String> identities = new IdentityHashMap<>();
        identities.put(args, WarmupTraces.ARGUMENTS);
        identities.put(arg, WarmupTraces.ARGUMENTS);
        identities.put(envValue, WarmupTraces.ENVIRONMENT);
        return StaticStateScan.scan(loaded(root), new WarmupTraces(identities, MARK), limits, live);
    }

    /** An Instrumentation whose loaded classes are just {@code c}. */
    private static Instrumentation loaded(Class<?> c) {
        return (Instrumentation) Proxy.newProxyInstance(StaticStateScanTest.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, a) -> {
                    if (method.getName().equals("getAllLoadedClasses")) {
                        return new Class<?>[] {c, String.class, int[].class};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anArgumentKeptDeepInAStructureIsFoundWithItsPath() {
        List<Object> list = new ArrayList<>(List.of("x", new Object[] {Map.of("k", List.of(arg))}));
        ArgsInAList.held = list;
        StaticStateScan.Result r = scan(ArgsInAList.class, ROOMY, List.of());
        assertEquals("arguments", r.kept());
        assertEquals(ArgsInAList.class.getName() + ".held", r.where());
        assertTrue(r.path().startsWith("java.util.ArrayList.elementData -> [Ljava.lang.Object;[]"), r.path());
        assertTrue(r.path().endsWith("java.lang.String"), r.path());
        ArgsInAList.held = args;
        assertEquals("arguments", scan(ArgsInAList.class, ROOMY, List.of()).kept());
    }

    @Test
    void anEqualStringThatIsAnotherObjectIsNotTheWarmupsArgument() {
        EqualButNotTheSame.held = new ArrayList<>(List.of(new String(arg), "--input=a.txt"));
        StaticStateScan.Result r = scan(EqualButNotTheSame.class, ROOMY, List.of());
        assertTrue(r.clean(), r.toString());
        assertTrue(r.objects() >= 3, r.toString());
    }

    @Test
    void aPathUnderTheWarmupsWorkingDirectoryIsFoundInStringsFilesAndPaths() {
        PathBelowTheMark.held = new File(MARK + "/sub/file.txt");
        assertEquals("working directory", scan(PathBelowTheMark.class, ROOMY, List.of()).kept());
        PathBelowTheMark.held = Path.of(MARK, "x");
        assertEquals("working directory", scan(PathBelowTheMark.class, ROOMY, List.of()).kept());
        PathBelowTheMark.held = new StringBuilder("cwd is ").append(MARK);
        assertEquals("working directory", scan(PathBelowTheMark.class, ROOMY, List.of()).kept());
        PathBelowTheMark.held = new File("/run/pool.d/warmup-cwd-other");
        assertTrue(scan(PathBelowTheMark.class, ROOMY, List.of()).clean());
    }

    @Test
    void theMarkIsFoundInByteAndCharArrays() {
        MarkInBytes.held = new Object[] {("x" + MARK).getBytes(StandardCharsets.UTF_8)};
        assertEquals("working directory", scan(MarkInBytes.class, ROOMY, List.of()).kept());
        MarkInBytes.held = (MARK + "/y").toCharArray();
        assertEquals("working directory", scan(MarkInBytes.class, ROOMY, List.of()).kept());
        MarkInBytes.held = MARK.substring(1).getBytes(StandardCharsets.UTF_8);
        assertTrue(scan(MarkInBytes.class, ROOMY, List.of()).clean());
    }

    @Test
    void liveStateIsNotEnteredButACopyOfItIs() {
        Map<String, String> live = new HashMap<>(Map.of("V", envValue));
        EnvInAMap.held = java.util.Collections.unmodifiableMap(live);
        assertTrue(scan(EnvInAMap.class, ROOMY, List.of(live)).clean(), "a view of the live map");
        EnvInAMap.held = new HashMap<>(live);
        StaticStateScan.Result copy = scan(EnvInAMap.class, ROOMY, List.of(live));
        assertEquals("environment", copy.kept());
    }

    @Test
    void aThreadLocalOfAnyThreadIsLookedAt() {
        ThreadLocal<Object> local = new ThreadLocal<>();
        local.set(List.of(arg));
        try {
            StaticStateScan.Result r = scan(String.class, ROOMY, List.of());
            assertEquals("arguments", r.kept());
            assertEquals("a thread-local of thread \"" + Thread.currentThread().getName() + "\"", r.where());
        } finally {
            local.remove();
        }
    }

    @Test
    void aWalkPastItsLimitsIsReportedUncheckedNeverClean() {
        List<Object> chain = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            chain.add(new Object[] {new Object()});
        }
        BigGraph.held = chain;
        StaticStateScan.Result r = scan(BigGraph.class, new StaticStateScan.Limits(5_000, 10_000_000_000L), List.of());
        assertNull(r.kept());
        assertEquals("more than 5000 objects", r.unchecked());
        StaticStateScan.Result slow = scan(BigGraph.class, new StaticStateScan.Limits(1_000_000, 0), List.of());
        assertEquals("more than 0 ms", slow.unchecked());
        assertTrue(scan(BigGraph.class, ROOMY, List.of()).clean());
    }
}
