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
        return new TemplateSpec("java", JavaCommandLine.parse(List.of(words)), Path.of("/a/agent.jar"), Path.of("/n"));
    }

    @Test
    void templateCommandAttachesTheAgentAndKeepsUserOptionsLast() {
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
    void aHashBangScriptRunsFromACopyWithTheSameLineNumbers() throws Exception {
        Path script = Files.writeString(tmp.resolve("Report.java"), "#!/usr/bin/jprefork -U,java\nclass Report {}\n");
        TemplateSpec prepared = spec(script.toString()).prepared(tmp.resolve("work"));
        Path copy = Path.of(prepared.command().program().target());
        assertEquals("\nclass Report {}\n", Files.readString(copy));
        Path plain = Files.writeString(tmp.resolve("Plain.java"), "class Plain {}\n");
        TemplateSpec unchanged = spec(plain.toString());
        assertSame(unchanged, unchanged.prepared(tmp.resolve("work")));
    }
}
