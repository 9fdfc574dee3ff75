package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pool's first call costs what plain java costs: it runs the program itself, in the caller's
 * own process, and the pool is built after it. A program that cannot call the API runs exactly
 * as plain java, its output where the program writes it; bad input gets plain java's answer and
 * no pool.
 */
@RequiresCriu
class FirstCallTest {
    private static final List<String> CLIENTS = List.of("bin/jprefork", "bin/jprefork-java");
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void theFirstCallRunsInTheCallersProcessAndTheTemplateOnlyAfterIt() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        Process caller = j.start("-U", "java", "Echo.java", "hang");
        BufferedReader out = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        // The program is the caller's own process (the native client exec'ed java): no pool
        // manager, no template, nothing of jprefork's in front of it or beside it.
        assertEquals("pid=" + caller.pid(), line);
        assertEquals("init\n", Files.readString(initLog));
        assertEquals(List.of(), ws.managers());
        caller.destroy();
        assertTrue(caller.waitFor(30, TimeUnit.SECONDS));
        // It had reached initialisationComplete: the pool is built after it.
        ws.awaitImage();
        assertEquals("init\ninit\n", Files.readString(initLog));
        Jprefork.Result copy = j.run("-U", "java", "Echo.java", "echo");
        assertTrue(copy.out().contains("calls=1\n"), copy.toString());
        assertEquals("init\ninit\n", Files.readString(initLog), "a copy ran the initialisation");
    }

    @Test
    void aProgramThatEndsBeforeTheCallGetsPlainJavasAnswerAndNoPool() throws Exception {
        Jprefork.Result plain = plainJava("-cp", Jprefork.agentJar().toString(), "InitThrows.java");
        assertEquals(1, plain.exit(), plain.toString());
        for (String client : CLIENTS) {
            Jprefork.Result first = run(client, "-U", "java", "InitThrows.java");
            assertEquals(plain.toString(), first.toString(), client);
        }
        ws.awaitBuilds();
        assertEquals(List.of(), ws.managers(), "a pool was built for a program that never reached the call");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bin/jprefork", "bin/jprefork-java"})
    void badInputGetsPlainJavasStatusAndFirstLineAndNoPool(String client) throws Exception {
        Files.createDirectories(ws.work.resolve("Dir.java"));
        Files.createDirectories(ws.work.resolve("dir.jar"));
        Files.createDirectories(ws.work.resolve("classes"));
        List<List<String>> cases = List.of(List.of("Missing.java"), List.of("/nonexistent.java", "x"),
                List.of("Dir.java"), List.of("-jar", "missing.jar"), List.of("-jar", "dir.jar"),
                List.of("-cp", "classes", "NoSuchClass"), List.of("-Xfrobnicate", "Echo.java"),
                List.of("-XX:+NoSuchOption", "-cp", "classes", "Main"));
        for (List<String> words : cases) {
            Jprefork.Result plain = plainJava(words.toArray(new String[0]));
            List<String> argv = new ArrayList<>(List.of("-U", "java"));
            argv.addAll(words);
            Jprefork.Result r = run(client, argv.toArray(new String[0]));
            assertEquals(plain.exit(), r.exit(), words + ": " + r + "\nplain java: " + plain);
            assertTrue(plain.exit() != 0, plain.toString());
            assertEquals(plain.err().lines().findFirst(), r.err().lines().findFirst(), words + ": " + r);
            assertEquals(plain.out(), r.out(), words.toString());
        }
        ws.awaitBuilds();
        assertEquals(List.of(), ws.managers(), "a pool was started for bad input");
        try (var files = Files.list(ws.runDir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".s")), "a pool socket for bad input");
        }
    }

    /** A program that never calls the API: stdout and stderr to files, byte for byte plain java's, every call. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bin/jprefork", "bin/jprefork-java"})
    void aProgramThatNeverCallsWritesWhatPlainJavaWritesWhereItWritesIt(String client) throws Exception {
        Files.writeString(ws.work.resolve("Talk.java"), """
                public class Talk {
                    public static void main(String[] args) {
                        for (int i = 0; i < 3; i++) {
                            System.out.println("out " + i + " " + String.join(",", args));
                            System.err.println("err " + i);
                        }
                        System.out.print("no newline");
                        System.exit(args.length + 3);
                    }
                }
                """);
        String plain = files("java Talk.java a 'b c'");
        for (int i = 0; i < 3; i++) {
            assertEquals(plain, files(Jprefork.REPO.resolve(client) + " -U java Talk.java a 'b c'"), "call " + i);
        }
        assertEquals(List.of(), ws.managers(), "a pool for a program that cannot call");
    }

    /** ... and one that may call but ends first (its --help): its first call too. */
    @Test
    void aProgramThatMayCallButEndsFirstWritesWhatPlainJavaWrites() throws Exception {
        Files.writeString(ws.work.resolve("Help.java"), """
                public class Help {
                    public static void main(String[] args) {
                        System.out.println("usage: Help WORD");
                        System.err.println("(no word given)");
                        System.out.println("see the manual");
                        if (args.length == 0) {
                            System.exit(2);
                        }
                        org.jprefork.Prefork.initialisationComplete();
                    }
                }
                """);
        String plain = files("java -cp " + Jprefork.agentJar() + " Help.java");
        assertEquals(plain, files(Jprefork.BIN + " -U java Help.java"));
    }

    @Test
    void aMainClassThatNeverCallsGetsOneHintAfterItsFirstCall() throws Exception {
        Path jar = ws.work.resolve("talk.jar");
        Path classes = Files.createDirectories(ws.root.resolve("talk-classes"));
        Files.writeString(ws.work.resolve("T.java"), "public class T { public static void main(String[] a) {"
                + " System.out.println(\"t\"); } }");
        Process javac = new ProcessBuilder("javac", "-d", classes.toString(), ws.work.resolve("T.java").toString())
                .inheritIO().start();
        assertEquals(0, javac.waitFor());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "T");
        try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            o.putNextEntry(new JarEntry("T.class"));
            o.write(Files.readAllBytes(classes.resolve("T.class")));
        }
        List<String> errs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = ws.jprefork().run("-U", "java", "-jar", "talk.jar");
            assertEquals("t\n", r.out(), r.toString());
            errs.add(r.err());
        }
        assertEquals("", errs.get(0));
        assertEquals("jprefork: note: talk.jar never calls Prefork.initialisationComplete, so it runs as plain java;"
                + " jprefork -U --checkpoint-at=main would checkpoint it just before its main\n", errs.get(1));
        assertEquals("", errs.get(2));
    }

    private Jprefork.Result run(String client, String... words) throws Exception {
        Process p = ws.jprefork().startWith(client, words);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), client + " hung");
        return new Jprefork.Result(p.exitValue(), out, err);
    }

    private Jprefork.Result plainJava(String... words) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(words));
        return ws.jprefork().runProgram(cmd.toArray(new String[0]));
    }

    /** Runs a shell command line with stdout and stderr to files; returns "status|stdout|stderr", bytes as read. */
    private String files(String command) throws Exception {
        Path out = ws.root.resolve("out");
        Path err = ws.root.resolve("err");
        Jprefork.Result r = ws.jprefork().env("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + System.getenv("PATH")).runProgram("sh", "-c", command + " >" + out + " 2>" + err + "; echo $?");
        byte[] o = Files.readAllBytes(out);
        byte[] e = Files.readAllBytes(err);
        return "status " + r.out().trim() + "\n--- stdout\n" + new String(o, StandardCharsets.ISO_8859_1)
                + "\n--- stderr\n" + new String(e, StandardCharsets.ISO_8859_1);
    }
}
