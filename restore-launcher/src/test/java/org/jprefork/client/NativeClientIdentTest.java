package org.jprefork.client;

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
import java.util.stream.Stream;
import org.jprefork.protocol.Ident;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.rundir.RunDir;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The native client computes the idents (and finds the sockets) that the Java client does. */
class NativeClientIdentTest {
    private static final Path VECTORS = Path.of("../protocol/src/test/resources/ident-vectors.txt").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void computesTheSharedIdentVectors() throws Exception {
        List<String> expected = new ArrayList<>();
        String name = null;
        String ident = null;
        for (String line : Files.readAllLines(VECTORS, StandardCharsets.UTF_8)) {
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            switch (key) {
                case "vector" -> name = value;
                case "ident" -> ident = value;
                case "end" -> expected.add(name + "\t" + ident);
                default -> {
                    // facts: the native client reads them itself
                }
            }
        }
        assertFalse(expected.isEmpty(), "no vectors in " + VECTORS);
        NativeClient.Result r = NativeClient.run(List.of("--selftest-ident-vectors", VECTORS.toString()),
                Map.of(), tmp);
        assertEquals(0, r.exit(), r.err());
        assertEquals(expected, r.out().lines().toList());
    }

    static Stream<Arguments> commandLines() {
        String javaPath = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Stream.of(
                Arguments.of("comma form", List.of("-U,java,-Xmx256m", "Script.java", "a1"),
                        spec("java", List.of("-Xmx256m", "Script.java", "a1"), List.of(), null)),
                Arguments.of("-E set, -G", List.of("-U", "-E", "JPF_SET", "-G", "report v2", "java", "X.java"),
                        spec("java", List.of("X.java"),
                                List.of(new Ident.Extra(true, "JPF_SET"), new Ident.Extra(false, "report v2")), null)),
                Arguments.of("attached -G, -E unset", List.of("-U", "-Gv3", "-EJPF_UNSET", "java", "X.java", "x"),
                        spec("java", List.of("X.java", "x"),
                                List.of(new Ident.Extra(false, "v3"), new Ident.Extra(true, "JPF_UNSET")), null)),
                Arguments.of("-cp form", List.of("-U", "java", "-cp", "lib/a.jar:lib/b.jar", "-Dk=v",
                                "com.example.Main", "arg", "-cp"),
                        spec("java", List.of("-cp", "lib/a.jar:lib/b.jar", "-Dk=v", "com.example.Main", "arg", "-cp"),
                                List.of(), null)),
                Arguments.of("-jar form, JDK path", List.of("-U", javaPath, "-Xss1m", "-jar", "app.jar", "-x"),
                        spec(javaPath, List.of("-Xss1m", "-jar", "app.jar", "-x"), List.of(), null)),
                Arguments.of("--module= form", List.of("-U", "java", "-p", "mods", "--module=app/com.x.Main", "y"),
                        spec("java", List.of("-p", "mods", "--module=app/com.x.Main", "y"), List.of(), null)),
                Arguments.of("--source form", List.of("-U", "java", "--source", "17", "script", "z"),
                        spec("java", List.of("--source", "17", "script", "z"), List.of(), null)),
                Arguments.of("UTF-8 words", List.of("-U", "-G", "größe", "java", "-Dgreeting=grüße mit Leerzeichen",
                                "-jar", "/opt/tools/my tool ü.jar", "ärg"),
                        spec("java", List.of("-Dgreeting=grüße mit Leerzeichen", "-jar", "/opt/tools/my tool ü.jar", "ärg"),
                                List.of(new Ident.Extra(false, "größe")), null)),
                Arguments.of("--engine, --checkpoint-at, --warmup", List.of("-U", "--engine=warm", "-G", "x",
                                "--checkpoint-at=main", "--warmup=-e 'puts 1'", "java", "-cp", "t.jar", "T", "a"),
                        spec("java", List.of("-cp", "t.jar", "T", "a"),
                                List.of(new Ident.Extra(false, "--engine=warm"), new Ident.Extra(false, "x"),
                                        new Ident.Extra(false, "--checkpoint-at=main"),
                                        new Ident.Extra(false, "--warmup=-e 'puts 1'")), null)),
                Arguments.of("--verify-warmup", List.of("-U", "--checkpoint-at=main", "--warmup=x",
                                "--verify-warmup=3", "java", "-jar", "t.jar"),
                        spec("java", List.of("-jar", "t.jar"),
                                List.of(new Ident.Extra(false, "--checkpoint-at=main"), new Ident.Extra(false, "--warmup=x"),
                                        new Ident.Extra(false, "--verify-warmup=3")), null)),
                Arguments.of("-g", List.of("-U", "-g", "my-pool.1", "-E", "JPF_SET", "java", "X.java"),
                        spec("java", List.of("X.java"), List.of(new Ident.Extra(true, "JPF_SET")), "my-pool.1")));
    }

    private static ProgramSpec spec(String java, List<String> words, List<Ident.Extra> extras, String given) {
        return new ProgramSpec(java, JavaCommandLine.parse(words), extras, given, null);
    }

    /** Command lines and environments that exercise the working-directory rule and the environment fields. */
    static Stream<Arguments> callerContexts() {
        String relScript = "rel/Script.java";
        return Stream.of(
                Arguments.of("--ident-cwd", List.of("-U", "--ident-cwd", "java", "/abs/X.java"), Map.of(),
                        new ProgramSpec("java", JavaCommandLine.parse(List.of("/abs/X.java")), List.of(), null, null, true)),
                Arguments.of("--ident-cwd, comma form", List.of("-U,--ident-cwd,java", "/abs/X.java", "a"), Map.of(),
                        new ProgramSpec("java", JavaCommandLine.parse(List.of("/abs/X.java", "a")), List.of(), null, null,
                                true)),
                Arguments.of("relative script", List.of("-U", "java", relScript), Map.of(),
                        spec("java", List.of(relScript), List.of(), null)),
                Arguments.of("main class, no class path", List.of("-U", "java", "Hello", "x"), Map.of(),
                        spec("java", List.of("Hello", "x"), List.of(), null)),
                Arguments.of("main class, CLASSPATH", List.of("-U", "java", "Hello"),
                        Map.of("CLASSPATH", "/opt/classes:/opt/lib/*"), spec("java", List.of("Hello"), List.of(), null)),
                Arguments.of("main class, relative CLASSPATH", List.of("-U", "java", "Hello"),
                        Map.of("CLASSPATH", "/opt/classes::"), spec("java", List.of("Hello"), List.of(), null)),
                Arguments.of("JVM option variables, quoted", List.of("-U", "java", "/abs/X.java"),
                        Map.of("JAVA_TOOL_OPTIONS", "-Dfoo=tool '-javaagent:/opt/a b.jar=x'", "JDK_JAVA_OPTIONS", "",
                                "_JAVA_OPTIONS", "-Xmx64m -Djava.class.path=lib"),
                        spec("java", List.of("/abs/X.java"), List.of(), null)),
                Arguments.of("JDK_JAVA_OPTIONS gives the class path", List.of("-U", "java", "Hello"),
                        Map.of("JDK_JAVA_OPTIONS", "--class-path /opt/x", "CLASSPATH", "ignored/then"),
                        spec("java", List.of("Hello"), List.of(), null)),
                Arguments.of("time zone, locale, loader", List.of("-U", "java", "-Xlog:gc:/tmp/gc.log", "/abs/X.java"),
                        Map.of("TZ", "Europe/Berlin", "LC_ALL", "C", "LC_TIME", "de_DE.UTF-8", "LD_LIBRARY_PATH", "/opt/lib",
                                "LD_PRELOAD", "libfaketime.so.1", "UNRELATED", "x"),
                        spec("java", List.of("-Xlog:gc:/tmp/gc.log", "/abs/X.java"), List.of(), null)),
                Arguments.of("relative agent, module path entries", List.of("-U", "java", "-javaagent:a.jar=/x", "-p",
                                "/m:mods", "-m", "app/x.Main"), Map.of("HOME", "/home/u"),
                        spec("java", List.of("-javaagent:a.jar=/x", "-p", "/m:mods", "-m", "app/x.Main"), List.of(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callerContexts")
    void identWithTheCallersEnvironmentMatchesTheJavaClient(String name, List<String> argv, Map<String, String> more,
                                                            ProgramSpec spec) throws Exception {
        Map<String, String> env = baseEnv();
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        env.putAll(more);
        Path socket = RunDir.locate(env).socket(spec.ident(env, tmp));
        assertEquals(List.of(spec.ident(env, tmp), socket.toString()), printIdent(argv, env));
    }

    @Test
    void environmentsNoCopyCanServeGoToTheJavaLauncher() throws Exception {
        Map<String, String> env = baseEnv();
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        RunDir.locate(env);
        for (Map<String, String> more : List.of(Map.of("_JAVA_LAUNCHER_DEBUG", "1"),
                Map.of("JAVA_TOOL_OPTIONS", "-Dx='unmatched"), Map.of("JDK_JAVA_OPTIONS", "-Dx=1 @opts"))) {
            Map<String, String> e = new HashMap<>(env);
            e.putAll(more);
            List<String> out = printIdent(List.of("-U", "java", "/abs/X.java"), e);
            assertTrue(out.size() == 1 && out.get(0).startsWith("DELEGATE "), more + " gave " + out);
            assertTrue(org.jprefork.protocol.IdentEnvironment.plainOnly(e) != null, more + ": the Java client runs plain java");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void identAndSocketMatchTheJavaClient(String name, List<String> argv, ProgramSpec spec) throws Exception {
        Assumptions.assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")),
                "arguments are passed to the native client in sun.jnu.encoding, which is not UTF-8 here");
        Map<String, String> env = baseEnv();
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        env.put("JPF_SET", "some value = ü");
        Path socket = RunDir.locate(env).socket(spec.ident(env, tmp));
        assertEquals(List.of(spec.ident(env, tmp), socket.toString()), printIdent(argv, env));
    }

    @Test
    void findsTheRunDirectoryUnderXdgRuntimeDir() throws Exception {
        Map<String, String> env = baseEnv();
        env.put("XDG_RUNTIME_DIR", tmp.resolve("xdg").toString());
        ProgramSpec spec = spec("java", List.of("X.java"), List.of(), null);
        Path socket = RunDir.locate(env).socket(spec.ident(env, tmp));
        assertEquals(List.of(spec.ident(env, tmp), socket.toString()), printIdent(List.of("-U", "java", "X.java"), env));
    }

    @Test
    void leavesEverythingElseToTheJavaLauncher() throws Exception {
        Map<String, String> env = baseEnv();
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        RunDir.locate(env);
        Files.writeString(tmp.resolve("words"), "X.java\n");
        List<List<String>> cases = List.of(
                List.of("-f", "-U", "java", "X.java"),
                List.of("--kill", "-U", "java", "X.java"),
                List.of("-U", "-h"),
                List.of("--version"),
                List.of("java", "X.java"),
                List.of("-U", "java"),
                List.of("-U", "java", "-cp"),
                List.of("-U", "-x", "java", "X.java"),
                List.of("-Uf", "java", "X.java"),
                List.of("-U", "-E", "A", "-E", "B", "java", "X.java"),
                List.of("-U", "-E", "-U", "java", "X.java"),
                List.of("-U", "-E=A", "java", "X.java"),
                List.of("-U", "--", "java", "X.java"),
                List.of("-U", "-g", "../x", "java", "X.java"),
                List.of("-U", "java", "X.java", "@words"),
                List.of("-U", "no-such-interpreter-jpf", "X.java"));
        for (List<String> argv : cases) {
            List<String> out = printIdent(argv, env);
            assertTrue(out.size() == 1 && out.get(0).startsWith("DELEGATE "), argv + " gave " + out);
        }
        // A run directory that does not exist yet is made, private, as the Java launcher makes it.
        Path notYet = tmp.resolve("not-yet/run");
        env.put("JPREFORK_RUN_DIR", notYet.toString());
        assertEquals(2, printIdent(List.of("-U", "java", "X.java"), env).size());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(notYet)));
        Files.setPosixFilePermissions(notYet, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(printIdent(List.of("-U", "java", "X.java"), env).get(0).startsWith("DELEGATE "),
                "a run directory others can write is the Java launcher's to refuse");
    }

    @Test
    void commandsGoToTheJavaLauncher() throws Exception {
        Map<String, String> env = baseEnv();
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        RunDir.locate(env);
        for (List<String> argv : List.of(List.of("kill", "--all"), List.of("gc"), List.of("logs", "X.java"),
                List.of("doctor"), List.of("fresh", "./x.java", "-U"), List.of("help"))) {
            assertEquals(List.of("DELEGATE a jprefork command"), printIdent(argv, env), argv.toString());
        }
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv().getOrDefault("PATH", ""));
        return env;
    }

    private List<String> printIdent(List<String> argv, Map<String, String> env) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("--print-ident");
        args.addAll(argv);
        NativeClient.Result r = NativeClient.run(args, env, tmp);
        assertTrue(r.exit() == 0 || r.exit() == 3, argv + ": exit " + r.exit() + ": " + r.err());
        return r.out().lines().toList();
    }
}
