package org.jprefork.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.protocol.JavaCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptPreparerTest {
    private static ScriptPreparer preparer(Path cwd, String... words) {
        return new ScriptPreparer("java", JavaCommandLine.parse(List.of(words)), cwd, Map.of("PATH", System.getenv("PATH")),
                cwd.resolve("agent.jar"), cwd.resolve("cache"));
    }

    @Test
    void javacGetsClassPathWildcardsExpandedAsTheLauncherWould(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/b.jar"), "");
        Files.writeString(dir.resolve("lib/a.JAR"), "");
        Files.writeString(dir.resolve("lib/notes.txt"), "");
        List<String> cp = preparer(dir, "-cp", "lib/*:classes", "s.java").compileClassPath(List.of(Path.of("/m2/x.jar")));
        assertEquals(List.of(dir.resolve("lib/a.JAR").toString(), dir.resolve("lib/b.jar").toString(),
                dir.resolve("classes").toString(), "/m2/x.jar", dir.resolve("agent.jar").toString()), cp);
    }

    @Test
    void onlySourceFilesWithDirectivesAreBuilt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("plain.java"), "#!/usr/bin/jprefork -U,java\nclass P {}\n");
        Files.writeString(dir.resolve("deps.java"), "//DEPS org.jprefork:checkpoint-agent:1.0\n//DEPS a:b:1\nclass D {}\n");
        assertNull(preparer(dir, "plain.java").project());
        assertNull(preparer(dir, "-cp", ".", "Main").project());
        assertNull(preparer(dir, "missing.java").project(), "the java launcher reports a missing file");
        Files.write(dir.resolve("latin1.java"), "// caf\u00e9\nclass L {}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertNull(preparer(dir, "latin1.java").project(), "another encoding is no reason to refuse a program");
        ScriptProject p = preparer(dir, "deps.java").project();
        assertEquals(List.of("a:b:1"), ScriptPreparer.deps(p).stream().map(d -> d.coordinate().toString()).toList());
    }

    @Test
    void theBuildKeyFollowsTheSourcesAndTheOptions(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.java"), "//JAVA_OPTIONS -Dx=1\nclass S {}\n");
        ScriptPreparer a = preparer(dir, "s.java");
        String key = a.buildKey(a.project(), List.of());
        assertEquals(key, a.buildKey(a.project(), List.of()));
        assertNotEquals(key, preparer(dir, "--enable-preview", "s.java").buildKey(a.project(), List.of()));
        Files.writeString(dir.resolve("s.java"), "//JAVA_OPTIONS -Dx=1\nclass S { }\n");
        assertNotEquals(key, a.buildKey(a.project(), List.of()));
    }
}
