package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.protocol.JavaCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateSpecTest {
    @TempDir
    Path tmp;

    private TemplateSpec spec(String... words) {
        return new TemplateSpec("java", JavaCommandLine.parse(List.of(words)), Path.of("/a/agent.jar"), Path.of("/n"), null);
    }

    @Test
    void templateCommandAttachesTheAgentAndKeepsUserOptionsLast() throws Exception {
        List<String> cmd = spec("-Xmx64m", "-cp", "app.jar", "x.Main", "arg").templateCommand("fd=3,socket=/s", List.of(), List.of("q"), 17);
        assertEquals(List.of("java", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism", "--enable-native-access=ALL-UNNAMED",
                "-Djffi.boot.library.path=/n", "-javaagent:/a/agent.jar=fd=3,socket=/s", "-Xmx64m", "-cp", "app.jar",
                "x.Main", "q"), cmd);
        assertTrue(spec("X.java").templateCommand("a", List.of(), List.of(), 25).contains("--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void sourceFilesGetTheAgentOnTheCompilerClassPath() {
        assertEquals(List.of("java", "-javaagent:/a/agent.jar=standalone", "-cp", "/a/agent.jar", "S.java", "z"),
                spec("S.java").plainCommand(List.of("z")));
        assertTrue(spec("-cp", "lib.jar", "S.java").plainCommand(List.of()).contains("lib.jar:/a/agent.jar"));
    }

    @Test
    void aSourceFileGivenNoClassPathKeepsTheOneJavaWouldTake() {
        java.util.Map<String, String> env = java.util.Map.of("CLASSPATH", "/opt/classes");
        assertEquals(List.of("java", "-javaagent:/a/agent.jar=standalone", "-cp", "/opt/classes:/a/agent.jar", "S.java"),
                spec("S.java").withClassPathInEffect(env).plainCommand(List.of()));
        assertEquals(List.of("java", "-javaagent:/a/agent.jar=standalone", "-cp", "/x:/a/agent.jar", "S.java"),
                spec("S.java").withClassPathInEffect(java.util.Map.of("CLASSPATH", "/opt/classes",
                        "JDK_JAVA_OPTIONS", "-cp /y --class-path=/x")).plainCommand(List.of()));
        TemplateSpec given = spec("-cp", "/lib", "S.java");
        assertSame(given, given.withClassPathInEffect(env), "a class path given wins, as in java");
        TemplateSpec main = spec("Main");
        assertSame(main, main.withClassPathInEffect(env), "java reads CLASSPATH itself for a main class");
    }

    @Test
    void aHashBangScriptRunsFromACopyWithTheSameLineNumbers() throws Exception {
        Path script = Files.writeString(tmp.resolve("Report.java"), "#!/usr/bin/jprefork -U,java\nclass Report {}\n");
        TemplateSpec prepared = spec(script.toString()).prepared(tmp.resolve("work"));
        Path copy = Path.of(prepared.command().program().target());
        assertEquals("\nclass Report {}\n", Files.readString(copy));
        Path plain = Files.writeString(tmp.resolve("Plain.java"), "class Plain {}\n");
        TemplateSpec unchanged = spec(plain.toString());
        assertSame(unchanged, unchanged.prepared(tmp.resolve("work")));
    }

    @Test
    void aToolRunsFromJpreforksMainWhichIsToldTheToolsMainAndWarmUp() throws Exception {
        JavaCommandLine cmd = JavaCommandLine.parse(List.of("-Xmx1g", "-cp", "t.jar", "org.T", "x"));
        TemplateSpec spec = new TemplateSpec("java", cmd, Path.of("/a/agent.jar"), Path.of("/n"),
                new ToolEntry(List.of("-e", "nil")));
        List<String> line = spec.templateCommand("fd=3,engine=criu,socket=/r/s", List.of(), List.of("y"), 17);
        String agent = line.stream().filter(w -> w.startsWith("-javaagent:")).findFirst().orElseThrow();
        assertEquals("-javaagent:/a/agent.jar=fd=3,engine=criu,main=org.T,warmup="
                + org.jprefork.internal.AgentConfig.encodeWords(List.of("-e", "nil")) + ",socket=/r/s", agent);
        assertEquals(List.of("-Xmx1g", "-cp", "t.jar", "org.T", "y"), line.subList(line.indexOf(agent) + 1, line.size()));
    }

    @Test
    void aToolEntryTravelsToTheManagerAndLosesItsWarmupWhenTurnedOff() {
        ToolEntry verified = new ToolEntry(List.of("-e", "a:b", ""), 5);
        assertEquals(verified, ToolEntry.parse(ToolEntry.argument(verified)));
        assertEquals(new ToolEntry(List.of("x")), ToolEntry.parse(ToolEntry.argument(new ToolEntry(List.of("x")))));
        assertEquals(new ToolEntry(List.of()), ToolEntry.parse("main"));
        assertEquals(null, ToolEntry.parse("program"));
        for (String bad : List.of("main:eA:x", "main:eA:1:2", "main:eA:-1", "mainx")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ToolEntry.parse(bad), bad);
        }
        TemplateSpec spec = new TemplateSpec("java", JavaCommandLine.parse(List.of("-cp", "t.jar", "org.T")),
                Path.of("/a/agent.jar"), Path.of("/n"), verified);
        assertEquals(new ToolEntry(List.of()), spec.withoutWarmup().tool());
        TemplateSpec plain = spec.withoutWarmup();
        assertSame(plain, plain.withoutWarmup());
    }

    @Test
    void aToolJarsManifestGivesTheMainClass(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path jar = tmp.resolve("tool.jar");
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "org.Tool");
        new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), m).close();
        TemplateSpec spec = new TemplateSpec("java", JavaCommandLine.parse(List.of("-jar", jar.toString(), "a")),
                Path.of("/a/agent.jar"), Path.of("/n"), new ToolEntry(List.of()));
        List<String> line = spec.templateCommand("fd=3,socket=/s", List.of(), List.of("a"), 17);
        assertTrue(line.contains("-javaagent:/a/agent.jar=fd=3,main=org.Tool,socket=/s"), line.toString());
        assertEquals(List.of("-jar", jar.toString(), "a"), line.subList(line.size() - 3, line.size()));
        java.nio.file.Files.delete(jar);
        new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar)).close();
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> spec.templateCommand("fd=3,socket=/s", List.of(), List.of(), 17));
        assertEquals("no Main-Class in the manifest of " + jar, e.getMessage());
    }
}
