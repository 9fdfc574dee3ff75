package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A program that bundles another build of the checkpoint agent (it compiles against Prefork):
 * the JVM would find that build's classes before jprefork's.
 */
@RequiresCriu
class BundledAgentTest {
    private static final String AGENT_MAIN = "org/jprefork/internal/AgentMain.class";
    @RegisterExtension
    static final Workspace ws = new Workspace();
    private static Path classes;
    private static Path stale;

    @BeforeAll
    static void build() throws Exception {
        classes = Files.createDirectories(ws.root.resolve("classes"));
        javac(Jprefork.agentJar().toString(), classes, ws.work.resolve("Echo.java"));
        // An agent build whose premain, like an old one given newer arguments, fails (exit 127)
        // unless it is only asked to put Prefork on the class path.
        Path stub = Files.createDirectories(ws.root.resolve("stub/org/jprefork/internal")).resolve("AgentMain.java");
        Files.writeString(stub, """
                package org.jprefork.internal;
                public final class AgentMain {
                    public static void premain(String args, java.lang.instrument.Instrumentation i) {
                        if (!"standalone".equals(args)) {
                            System.err.println("stale agent given " + args);
                            Runtime.getRuntime().halt(127);
                        }
                    }
                }
                """);
        Path stubClasses = Files.createDirectories(ws.root.resolve("stub-classes"));
        javac("", stubClasses, stub);
        stale = Files.createDirectories(ws.root.resolve("lib")).resolve("checkpoint-agent-0.0.1.jar");
        try (JarFile ours = new JarFile(Jprefork.agentJar().toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(stale), ours.getManifest())) {
            for (Enumeration<JarEntry> e = ours.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                if (entry.getName().equals(AGENT_MAIN)) {
                    out.write(Files.readAllBytes(stubClasses.resolve(AGENT_MAIN)));
                } else if (entry.getName().endsWith("checkpoint-agent/pom.properties")) {
                    out.write("version=0.0.1\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    try (InputStream in = ours.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }

    private static void javac(String classPath, Path out, Path source) throws Exception {
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-cp", classPath, "-d", out.toString(), source.toString()).inheritIO().start();
        assertTrue(javac.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue());
    }

    /** The pool logs in the run dir (this class's two tests share it). */
    private static List<Path> logs() throws Exception {
        if (!Files.isDirectory(ws.runDir)) {
            return new ArrayList<>();
        }
        try (Stream<Path> files = Files.list(ws.runDir)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".log")).toList());
        }
    }

    @Test
    void onAClassPathJpreforksAgentComesFirstAndCallsAreAccelerated() throws Exception {
        String cp = classes + ":" + stale;
        List<Path> before = logs();
        for (String word : new String[] {"one", "two"}) {
            Jprefork.Result r = ws.jprefork().run("-U", "java", "-cp", cp, "Echo", word);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("hello " + word + "\n", r.out(), r.toString());
            assertFalse(r.err().contains("stale agent"), r.toString());
        }
        ws.awaitBuilds();
        List<Path> mine = logs();
        mine.removeAll(before);
        assertEquals(1, mine.size(), mine.toString());
        Path log = mine.get(0);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .until(() -> Files.readString(log).contains("generation 1: checkpoint of pid"));
    }

    @Test
    void aJarProgramRunsPlainWithOneWarningNamingTheBundledJar() throws Exception {
        Path app = ws.root.resolve("app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/" + stale.getFileName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), manifest)) {
            out.putNextEntry(new JarEntry("Echo.class"));
            out.write(Files.readAllBytes(classes.resolve("Echo.class")));
        }
        Jprefork.Result first = ws.jprefork().run("-U", "java", "-jar", app.toString(), "one");
        assertEquals(0, first.exit(), first.toString());
        // Plain java: the program's initialisation output is on stdout, as without jprefork.
        assertTrue(first.out().endsWith("hello one\n"), first.toString());
        assertTrue(first.err().contains("jprefork: warning: running without acceleration: " + stale
                + " on the program's class path carries another build of jprefork's checkpoint agent (0.0.1;"),
                first.toString());
        ws.awaitBuilds();
        Jprefork.Result second = ws.jprefork().run("-U", "java", "-jar", app.toString(), "two");
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().endsWith("hello two\n"), second.toString());
        assertFalse(second.err().contains("warning"), second.toString());
    }
}
