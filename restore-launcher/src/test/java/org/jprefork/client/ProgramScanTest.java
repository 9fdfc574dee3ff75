package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.jprefork.protocol.JavaCommandLine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether a program can call the API, judged from its files: the Java scan (ProgramScan) and the
 * native client's (scan.c, through its --print-scan mode) on the same programs, which must agree.
 */
class ProgramScanTest {
    @TempDir
    Path dir;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        NativeClient.require();
        env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        env.put("JPREFORK_RUN_DIR", dir.resolve("run").toString());
        env.put("JPREFORK_HOME", FirstCallModeTest.agentJar().getParent().toString()); // the agent the client knows
        // Classes that call the API, that do not, and a stand-in for org.crac's Core.
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Calls.java"), "public class Calls { public static void main(String[] a) {"
                + " org.jprefork.Prefork.initialisationComplete(); } }");
        Files.writeString(src.resolve("Plain.java"), "public class Plain { public static void main(String[] a) {"
                + " System.out.println(\"NoPrefork\"); } }");
        Files.writeString(src.resolve("Reflects.java"), "public class Reflects { public static void main(String[] a)"
                + " throws Exception { Class.forName(\"org.jprefork.Prefork\"); } }");
        Files.createDirectories(src.resolve("org/crac"));
        Files.writeString(src.resolve("org/crac/Core.java"), "package org.crac; public class Core {"
                + " public static void checkpointRestore() { } }");
        Files.writeString(src.resolve("Crac.java"), "public class Crac { public static void main(String[] a) {"
                + " org.crac.Core.checkpointRestore(); } }");
        compile(src, dir.resolve("classes"), "Calls.java", "Plain.java", "Reflects.java", "org/crac/Core.java",
                "Crac.java");
        for (String c : List.of("Calls", "Plain", "Reflects", "Crac")) {
            Path only = Files.createDirectories(dir.resolve("only-" + c));
            Files.copy(dir.resolve("classes").resolve(c + ".class"), only.resolve(c + ".class"));
            jar(dir.resolve(c.toLowerCase() + ".jar"), only, c, null);
        }
        Path crac = Files.createDirectories(dir.resolve("only-crac/org/crac"));
        Files.copy(dir.resolve("classes/org/crac/Core.class"), crac.resolve("Core.class"));
        jar(dir.resolve("crac-lib.jar"), dir.resolve("only-crac"), null, null); // org.crac itself is skipped
    }

    @Test
    void sourceFilesAreReadAsText() throws Exception {
        Files.writeString(dir.resolve("NoPrefork.java"), "/** Never calls Prefork. */ public class NoPrefork {"
                + " public static void main(String[] a) { } }");
        Files.writeString(dir.resolve("Uses.java"), "import org.jprefork.Prefork; public class Uses {"
                + " public static void main(String[] a) { Prefork.initialisationComplete(); } }");
        Files.writeString(dir.resolve("UsesCrac.java"), "public class UsesCrac { public static void main(String[] a)"
                + " throws Exception { org.crac.Core.checkpointRestore(); } }");
        assertVerdict(false, "NoPrefork.java");
        assertVerdict(true, "Uses.java");
        assertVerdict(true, "UsesCrac.java");
        // A source program's class path counts too.
        assertVerdict(true, "-cp", "calls.jar", "NoPrefork.java");
        assertVerdict(false, "-cp", "plain.jar", "NoPrefork.java");
        // An unreadable program may call (java says what is wrong with it).
        assertVerdict(true, "Missing.java");
    }

    @Test
    void classesAreReadFromDirectoriesAndJarsWithTheirManifestClassPath() throws Exception {
        assertVerdict(true, "-cp", "only-Calls", "Calls");
        assertVerdict(false, "-cp", "only-Plain", "Plain");
        assertVerdict(true, "-cp", "reflects.jar", "Reflects");
        assertVerdict(true, "-cp", "crac.jar:crac-lib.jar", "Crac");
        assertVerdict(false, "-cp", "plain.jar:crac-lib.jar", "Plain");
        assertVerdict(false, "-jar", "plain.jar");
        assertVerdict(true, "-jar", "calls.jar");
        assertVerdict(true, "-cp", "plain.jar:calls.jar", "Plain");
        Files.createDirectories(dir.resolve("lib"));
        Files.copy(dir.resolve("calls.jar"), dir.resolve("lib/dep.jar"));
        Files.copy(dir.resolve("plain.jar"), dir.resolve("lib/other.jar"));
        assertVerdict(true, "-cp", "lib/*", "Plain");
        jar(dir.resolve("app.jar"), dir.resolve("only-Plain"), "Plain", "lib/dep.jar");
        assertVerdict(true, "-jar", "app.jar");
        assertVerdict(true, "-cp", "app.jar", "Plain");
        jar(dir.resolve("app2.jar"), dir.resolve("only-Plain"), "Plain", "lib/other.jar");
        assertVerdict(false, "-jar", "app2.jar");
    }

    @Test
    void jpreforksOwnAgentOnTheClassPathIsNotTheProgram() throws Exception {
        String agent = FirstCallModeTest.agentJar().toString();
        assertVerdict(false, "-cp", "plain.jar:" + agent, "Plain");
        assertVerdict(true, "-cp", "calls.jar:" + agent, "Calls");
    }

    @Test
    void whatCannotBeFollowedMayCall() throws Exception {
        assertVerdict(true, "-javaagent:x.jar", "-cp", "plain.jar", "Plain");
        // (The native client hands any @file word to the Java launcher.)
        assertTrue(ProgramScan.scan(JavaCommandLine.parse(List.of("@options", "-cp", "plain.jar", "Plain")), dir, env)
                .mayCall());
        assertVerdict(true, "-m", "some.module/app.Main");
        env.put("JDK_JAVA_OPTIONS", "-cp calls.jar");
        assertVerdict(true, "-cp", "plain.jar", "Plain");
    }

    @Test
    void theNativeClientTellsAnotherBuildOfTheAgentApart() throws Exception {
        Path stale = dir.resolve("stale-agent.jar");
        jar(stale, dir.resolve("only-Plain"), null, null);
        try (var fs = java.nio.file.FileSystems.newFileSystem(stale)) {
            Path p = fs.getPath("org/jprefork/Prefork.class");
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {(byte) 0xCA, (byte) 0xFE});
        }
        assertEquals("may-call-bundled", nativeVerdict("-cp", "calls.jar:" + stale, "Calls").split(" ")[0]);
        // Also behind a jar whose manifest names it, after a class that refers to the API.
        jar(dir.resolve("app-with-stale.jar"), dir.resolve("only-Calls"), "Calls", stale.getFileName().toString());
        assertEquals("may-call-bundled", nativeVerdict("-jar", "app-with-stale.jar").split(" ")[0]);
        String agent = FirstCallModeTest.agentJar().toString();
        assertEquals("may-call", nativeVerdict("-cp", "calls.jar:" + agent, "Calls").split(" ")[0]);
    }

    private void assertVerdict(boolean mayCall, String... javaWords) throws Exception {
        List<String> words = new ArrayList<>(List.of(javaWords));
        ProgramScan.Verdict java = ProgramScan.scan(JavaCommandLine.parse(words), dir, env);
        String c = nativeVerdict(javaWords);
        assertEquals(mayCall, java.mayCall(), "Java scan of " + words + ": " + java.why());
        assertTrue(c.startsWith(mayCall ? "may-call" : "cannot-call"), "native scan of " + words + ": " + c);
    }

    private String nativeVerdict(String... javaWords) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--print-scan", "-U", "java"));
        argv.addAll(List.of(javaWords));
        NativeClient.Result r = NativeClient.run(argv, env, dir);
        assertEquals(0, r.exit(), r.err());
        return r.out().trim();
    }

    private static void compile(Path src, Path out, String... names) throws IOException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", FirstCallModeTest.agentJar().toString()));
        for (String n : names) {
            args.add(src.resolve(n).toString());
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(new String[0])));
    }

    /** A jar of the classes in {@code classes} (deflated), with a Main-Class and a Class-Path when given. */
    private static void jar(Path jar, Path classes, String mainClass, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> all = Files.walk(classes)) {
            for (Path c : all.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
    }
}
