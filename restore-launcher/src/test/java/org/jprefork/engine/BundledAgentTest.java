package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jprefork.protocol.JavaCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledAgentTest {
    @TempDir
    Path tmp;

    /** A jar holding agent classes whose bytes are {@code build}, and a pom.properties. */
    private Path agentJar(String name, String build, String version, String manifestClassPath) throws IOException {
        Path jar = tmp.resolve(name);
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            m.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
            m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            if (build != null) {
                for (String c : List.of("org/jprefork/Prefork.class", "org/jprefork/internal/AgentMain.class")) {
                    j.putNextEntry(new JarEntry(c));
                    j.write((c + build).getBytes(StandardCharsets.UTF_8));
                }
                j.putNextEntry(new JarEntry("META-INF/maven/org.jprefork/checkpoint-agent/pom.properties"));
                j.write(("version=" + version + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                j.putNextEntry(new JarEntry("app/Main.class"));
                j.write(1);
            }
        }
        return jar;
    }

    private TemplateSpec spec(Path ours, String... words) {
        return new TemplateSpec("java", JavaCommandLine.parse(List.of(words)), ours, Path.of("/n"), null);
    }

    @Test
    void anotherBuildOnTheClassPathPutsJpreforksAgentFirst() throws Exception {
        Path ours = agentJar("ours/agent.jar", "new", "0.2.0", null);
        Path old = agentJar("lib/checkpoint-agent-0.1.0.jar", "old", "0.1.0", null);
        agentJar("lib/other.jar", null, null, null);
        TemplateSpec spec = spec(ours, "-cp", "app.jar:" + tmp.resolve("lib") + "/*", "app.Main");

        BundledAgent found = BundledAgent.find(spec.command(), ours);
        assertEquals(old, found.jar());
        assertEquals("0.1.0", found.version());
        assertEquals(ours + ":app.jar:" + tmp.resolve("lib") + "/*",
                spec.withOwnAgentFirst().command().classPath().orElseThrow());
    }

    @Test
    void theSameBuildOrNoAgentLeavesTheCommandAlone() throws Exception {
        Path ours = agentJar("ours/agent.jar", "same", "0.2.0", null);
        Path copy = agentJar("lib/checkpoint-agent.jar", "same", "0.2.0", null);
        TemplateSpec same = spec(ours, "-cp", copy + ":" + ours, "app.Main");
        assertSame(same, same.withOwnAgentFirst());
        TemplateSpec none = spec(ours, "-cp", agentJar("lib/other.jar", null, null, null).toString(), "app.Main");
        assertSame(none, none.withOwnAgentFirst());
        assertNull(BundledAgent.find(spec(ours, "app.Main").command(), ours));
    }

    @Test
    void aJarProgramCarryingAnotherBuildIsRefusedWithTheJarNamed() throws Exception {
        Path ours = agentJar("ours/agent.jar", "new", "0.2.0", null);
        Path old = agentJar("app/lib/checkpoint-agent-0.1.0.jar", "old", "0.1.0", null);
        Path app = agentJar("app/app.jar", null, null, "lib/other.jar lib/checkpoint-agent-0.1.0.jar");
        BundledAgentException e = assertThrows(BundledAgentException.class,
                () -> spec(ours, "-jar", app.toString()).withOwnAgentFirst());
        assertTrue(e.getMessage().startsWith(old + " on the program's class path carries another build"
                + " of jprefork's checkpoint agent (0.1.0; jprefork's is 0.2.0)"), e.getMessage());
    }
}
