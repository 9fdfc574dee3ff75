package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The java launcher's program forms beyond source files, and another JDK as the interpreter. */
@RequiresCriu
class ProgramFormsTest {
    private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    @RegisterExtension
    static final Workspace ws = new Workspace();
    private static Path classes;
    private static Path jar;

    @BeforeAll
    static void compile() throws Exception {
        classes = Files.createDirectories(ws.root.resolve("classes"));
        Path agent = Jprefork.agentJar();
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-cp", agent.toString(), "-d", classes.toString(), ws.work.resolve("Echo.java").toString())
                .inheritIO().start();
        assertEquals(true, javac.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue());
        jar = ws.root.resolve("echo.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            try (var files = Files.list(classes)) {
                for (Path c : files.toList()) {
                    out.putNextEntry(new JarEntry(c.getFileName().toString()));
                    out.write(Files.readAllBytes(c));
                    out.closeEntry();
                }
            }
        }
    }


    private static void twoCallsAnswer(List<String> command) throws Exception {
        twoCallsAnswer(command, false);
    }

    private static void twoCallsAnswer(List<String> command, boolean noJdkWarnings) throws Exception {
        for (String word : new String[] {"one", "two"}) {
            String[] words = new String[command.size() + 2];
            words[0] = "-U";
            for (int i = 0; i < command.size(); i++) {
                words[i + 1] = command.get(i);
            }
            words[words.length - 1] = word;
            Jprefork.Result r = ws.jprefork().run(words);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("hello " + word + "\n", r.out(), r.toString());
            if (noJdkWarnings) {
                assertFalse(r.err().contains("WARNING"), "JDK warnings reached the caller: " + r);
            }
        }
    }

    @Test
    void classPathAndMainClass() throws Exception {
        twoCallsAnswer(List.of("java", "-cp", classes.toString(), "Echo"));
    }

    @Test
    void executableJar() throws Exception {
        twoCallsAnswer(List.of("java", "-jar", jar.toString()));
    }

    @Test
    void anotherJdkAsTheInterpreter() throws Exception {
        assumeTrue(Files.isExecutable(JDK25), "no JDK 25 at " + JDK25);
        twoCallsAnswer(List.of(JDK25.toString(), "-cp", classes.toString(), "Echo"), true);
    }
}
