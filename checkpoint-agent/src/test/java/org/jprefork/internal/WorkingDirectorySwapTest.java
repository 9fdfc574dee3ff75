package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@link Probe} in a forked JVM started in directory A, which chdirs to B natively,
 * applies {@link WorkingDirectorySwap} and reports what each API resolves relative paths to.
 * Also hosts the fork helpers shared with {@link EnvironmentSwapTest}.
 */
class WorkingDirectorySwapTest {

    static final List<String> OPENS = List.of(
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() throws IOException {
        return javaHomes().flatMap(home -> Stream.of(
                Arguments.of(home, "chdir"),
                Arguments.of(home, "chdir+canonCaches"),
                Arguments.of(home, "nochdir")));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void relativePathsResolveAgainstTheNewDirectory(Path javaHome, String mode) throws Exception {
        Path a = Files.createDirectory(tmp.resolve("startup")).toRealPath();
        Path b = Files.createDirectory(tmp.resolve("target")).toRealPath();
        Files.writeString(a.resolve("rel.txt"), "A");
        Files.writeString(b.resolve("rel.txt"), "B");
        List<String> jvmArgs = mode.endsWith("canonCaches")
                ? List.of("-Dsun.io.useCanonCaches=true", "-Dsun.io.useCanonPrefixCache=true")
                : List.of();

        Map<String, String> r = fork(javaHome, a, Map.of("PATH", "/usr/bin:/bin"), jvmArgs,
                Probe.class, List.of(b.toString(), mode));

        // Without the swap the JDK still answers with the startup directory.
        expect(r, "before.user.dir", a.toString());
        expect(r, "before.File.abs", a.resolve("x").toString());
        expect(r, "before.Path.abs", a.resolve("x").toString());

        expect(r, "user.dir", b.toString());
        expect(r, "File.abs", b.resolve("x").toString());
        expect(r, "File.empty.abs", b.toString());
        expect(r, "File.canonical", b.resolve("rel.txt").toString());
        expect(r, "Path.abs", b.resolve("x").toString());
        expect(r, "Path.empty.abs", b.toString());
        expect(r, "Path.real", b.resolve("rel.txt").toString());
        expect(r, "Files.readString", "B");
        expect(r, "Files.exists", "true");
        if (mode.startsWith("chdir")) {
            // These go straight to the kernel with a relative path: they follow chdir(2).
            expect(r, "FileInputStream", "B");
            expect(r, "File.exists", "true");
            expect(r, "ProcessBuilder.pwd", b.toString());
            expect(r, "Runtime.exec.pwd", b.toString());
        }
    }

    private static void expect(Map<String, String> r, String key, Object expected) {
        assertEquals(String.valueOf(expected), r.get(key), () -> key + " in " + r);
    }

    @Test
    void relativeDirectoryIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkingDirectorySwap.apply(Path.of("relative")));
    }

    /** Child main: {@code <dir> <mode>}; prints {@code key\tvalue} lines. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Map<String, String> out = new LinkedHashMap<>();
            out.put("before.user.dir", System.getProperty("user.dir"));
            out.put("before.File.abs", new File("x").getAbsolutePath());
            out.put("before.Path.abs", Path.of("x").toAbsolutePath().toString());
            // Warm the JDK 17 canonicalization cache with the startup directory's answer.
            out.put("before.File.canonical", new File("rel.txt").getCanonicalPath());
            if (args[1].startsWith("chdir")) {
                int rc = POSIXFactory.getNativePOSIX().chdir(dir.toString());
                if (rc != 0) {
                    throw new IllegalStateException("chdir failed: " + rc);
                }
            }
            WorkingDirectorySwap.apply(dir);
            out.put("user.dir", System.getProperty("user.dir"));
            out.put("File.abs", new File("x").getAbsolutePath());
            out.put("File.empty.abs", new File("").getAbsolutePath());
            out.put("File.canonical", new File("rel.txt").getCanonicalPath());
            out.put("File.exists", String.valueOf(new File("rel.txt").exists()));
            out.put("Path.abs", Path.of("x").toAbsolutePath().toString());
            out.put("Path.empty.abs", Path.of("").toAbsolutePath().toString());
            out.put("Path.real", Path.of("rel.txt").toRealPath().toString());
            out.put("Files.readString", Files.readString(Path.of("rel.txt")));
            out.put("Files.exists", String.valueOf(Files.exists(Path.of("rel.txt"))));
            try (InputStream in = new FileInputStream("rel.txt")) {
                out.put("FileInputStream", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.put("FileInputStream", e.toString());
            }
            out.put("ProcessBuilder.pwd", output(new ProcessBuilder("/bin/pwd").start()).trim());
            out.put("Runtime.exec.pwd",
                    output(Runtime.getRuntime().exec(new String[] {"/bin/pwd"})).trim());
            print(out);
        }
    }

    // ---- fork helpers, shared with EnvironmentSwapTest ----

    /**
     * The running JDK plus every other JDK 17+ installed beside it (e.g. /usr/lib/jvm/*), so one
     * test run covers each internal layout available on the machine.
     */
    static Stream<Path> javaHomes() throws IOException {
        Path current = Path.of(System.getProperty("java.home"));
        Map<Path, Path> byJava = new TreeMap<>(); // dedups symlinked homes
        byJava.put(current.resolve("bin/java").toRealPath(), current);
        try (Stream<Path> siblings = Files.list(current.getParent())) {
            for (Path home : (Iterable<Path>) siblings.sorted()::iterator) {
                Path java = home.resolve("bin/java");
                if (Files.isExecutable(java) && majorVersion(home) >= 17) {
                    byJava.putIfAbsent(java.toRealPath(), home);
                }
            }
        }
        return byJava.values().stream();
    }

    private static int majorVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        List<String> lines = Files.isReadable(release) ? Files.readAllLines(release) : List.of();
        for (String line : lines) {
            if (line.startsWith("JAVA_VERSION=")) {
                return Integer.parseInt(line.replaceAll("[^0-9.]", "").split("\\.")[0]);
            }
        }
        return -1;
    }

    /** Runs {@code main} in a new JVM from {@code javaHome} with exactly {@code env}. */
    static Map<String, String> fork(Path javaHome, Path cwd, Map<String, String> env,
            List<String> jvmArgs, Class<?> main, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(OPENS);
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        // Both streams go to files: reading a pipe could block past any timeout.
        Path out = Files.createTempFile("probe", ".out");
        Path err = Files.createTempFile("probe", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("probe timed out: " + cmd);
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            assertEquals(0, p.exitValue(), () -> "probe failed: " + cmd + "\n" + stdout + stderr);
            Map<String, String> result = new LinkedHashMap<>();
            for (String line : stdout.split("\n")) {
                int tab = line.indexOf('\t');
                assertTrue(tab > 0, () -> "bad probe line: " + line + "\n" + stderr);
                result.put(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1)));
            }
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static String output(Process p) throws IOException {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void print(Map<String, String> out) {
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(escape(k)).append('\t').append(escape(v)).append('\n'));
        System.out.print(sb);
        System.out.flush();
    }

    /** Escapes to printable ASCII so results survive any console encoding. */
    static String escape(String s) {
        if (s == null) {
            return "\\0null";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if (s.equals("\\0null")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'u') {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\') {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
