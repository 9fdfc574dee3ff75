package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A copy sees the JVM its caller would have started: time zone, locale, encodings and the JVM
 * option variables, after a pool was first started with others (issue 15's table, row by row),
 * on JDK 17 and JDK 25, compared byte for byte with plain java.
 */
@RequiresCriu
class JvmEnvironmentTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @RegisterExtension
    final Workspace ws = new Workspace();

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        List<Map<String, String>> later = List.of(
                Map.of("LC_ALL", "C.UTF-8", "TZ", "America/New_York"),
                Map.of("LC_ALL", "POSIX", "TZ", "Europe/Berlin"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dfoo=tool"),
                Map.of("JDK_JAVA_OPTIONS", "-Dfoo=jdk"),
                Map.of("_JAVA_OPTIONS", "-Xmx64m"));
        for (String java : List.of("java", JDK25.toString())) {
            for (Map<String, String> env : later) {
                rows.add(Arguments.of(java, env));
            }
        }
        return rows.stream();
    }

    /**
     * The pool is first started with LC_ALL=C TZ=UTC; a later caller with the row's environment
     * gets, on its first call and on a restored copy, exactly what plain java gives it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void aLaterCallerGetsWhatPlainJavaGivesIt(String java, Map<String, String> env) throws Exception {
        assumeJdk(java);
        Path program = program();
        Map<String, String> first = Map.of("LC_ALL", "C", "TZ", "UTC");
        Jprefork.Result started = call(java, program, first, "first");
        assertEquals(plain(java, program, first, "first"), started);
        for (String which : List.of("template", "copy")) {
            Jprefork.Result r = call(java, program, env, which);
            assertEquals(plain(java, program, env, which), r, which);
        }
        assertFalse(ws.poolLog().contains("Picked up"), "a pool manager picked up the caller's options");
    }

    /** On JDK 17 a C locale's encoding is US-ASCII: a UTF-8 caller must not get '?' for its text. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void nonAsciiTextUnderCUtf8ArrivesIntactAfterAPoolStartedUnderC(String java) throws Exception {
        assumeJdk(java);
        Path program = program();
        call(java, program, Map.of("LC_ALL", "C"), "c");
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = call(java, program, Map.of("LC_ALL", "C.UTF-8"), "utf8");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().endsWith("utf8 grüße 中文\n"), r.toString());
        }
    }

    static Stream<String> jdks() {
        return Stream.of("java", JDK25.toString());
    }

    private static void assumeJdk(String java) {
        Assumptions.assumeTrue(java.equals("java") || Files.isExecutable(Path.of(java)),
                java + " is not installed here (Temurin 25 is expected there)");
    }

    private Path program() throws Exception {
        Path p = ws.work.resolve("JvmEnv.java");
        if (!Files.exists(p)) {
            try (var in = JvmEnvironmentTest.class.getResourceAsStream("/programs/JvmEnv.java")) {
                Files.copy(in, p);
            }
        }
        return p;
    }

    private Jprefork.Result call(String java, Path program, Map<String, String> env, String arg) throws Exception {
        Jprefork j = ws.jprefork();
        env.forEach(j::env);
        return j.run("-U", java, program.toString(), arg);
    }

    /** What {@code java -cp AGENT JvmEnv.java ARG} gives in the same environment (Prefork returns in place). */
    private Jprefork.Result plain(String java, Path program, Map<String, String> env, String arg) throws Exception {
        Map<String, String> all = new HashMap<>();
        for (String name : List.of("PATH", "HOME", "LANG")) {
            if (System.getenv(name) != null) {
                all.put(name, System.getenv(name));
            }
        }
        all.putAll(env);
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", Jprefork.agentJar().toString(), program.toString(), arg)
                .directory(ws.work.toFile());
        pb.environment().clear();
        pb.environment().putAll(all);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = Jprefork.drain(p.getInputStream());
        CompletableFuture<byte[]> err = Jprefork.drain(p.getErrorStream());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "plain java did not finish");
        return new Jprefork.Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }
}
