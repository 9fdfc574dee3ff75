package org.jprefork.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.protocol.JavaCommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectivesTest {
    private static List<String> coords(Directives d) {
        return d.deps().stream().map(x -> x.coordinate().toString()).toList();
    }

    @Test
    void depsAsJbangWritesThem() throws Exception {
        Directives d = Directives.parse("s.java", String.join("\n",
                "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?",
                "//DEPS a.b:c:1.0 d.e:f:2.0,g:h:3;i:j:4",
                "import x;",
                "//DEPS io.netty:netty-transport-native-kqueue:4.1.107.Final:osx-aarch_64 // a comment",
                "//DEPS com.example:bom:1.0@pom 'q:r:[1.0,2.0)'",
                "class S {}",
                "//DEPS late:one:9"));
        assertEquals(List.of("a.b:c:1.0", "d.e:f:2.0", "g:h:3", "i:j:4",
                "io.netty:netty-transport-native-kqueue:4.1.107.Final:osx-aarch_64", "com.example:bom:1.0@pom",
                "q:r:[1.0,2.0)", "late:one:9"), coords(d));
        assertEquals("s.java:2", d.deps().get(0).where());
        assertEquals("s.java:7", d.deps().get(7).where());
        assertEquals("osx-aarch_64", d.deps().get(4).coordinate().classifier());
        assertEquals("pom", d.deps().get(5).coordinate().type());
    }

    @Test
    void notDirectives() throws Exception {
        Directives d = Directives.parse("s.java", String.join("\n",
                "// DEPS a:b:1", "  //DEPS a:b:1", "//TODO DEPS a:b:1", "/* //DEPS a:b:1 */", "//deps a:b:1"));
        assertFalse(d.any(), d.toString());
        assertTrue(d.notes().isEmpty());
    }

    @Test
    void optionsAreShellWords() throws Exception {
        Directives d = Directives.parse("s.java", String.join("\n",
                "//JAVA_OPTIONS -Xmx64m '-Dgreeting=hello world'",
                "//RUNTIME_OPTIONS -Da=\"b c\"",
                "//COMPILE_OPTIONS -parameters",
                "//JAVAC_OPTIONS -g"));
        assertEquals(List.of("-Xmx64m", "-Dgreeting=hello world", "-Da=b c"), d.javaOptions());
        assertEquals(List.of("-parameters", "-g"), d.compileOptions());
    }

    @Test
    void sourcesAndNotes() throws Exception {
        Directives d = Directives.parse("dir/s.java", String.join("\n",
                "//SOURCES a.java, util/*.java", "//REPOS jitpack", "//JAVA 17+", "//DESCRIPTION hi"));
        assertEquals(List.of("a.java", "util/*.java"), d.sources().stream().map(Directives.Source::pattern).toList());
        assertEquals(List.of("dir/s.java:2: //REPOS is not supported by jprefork; ignored"), d.notes());
    }

    @Test
    void malformedLinesNameTheirPlace() {
        ScriptException e = assertThrows(ScriptException.class,
                () -> Directives.parse("s.java", "class S {}\n//DEPS commons-text"));
        assertEquals("s.java:2: //DEPS 'commons-text' is not a Maven coordinate"
                + " (group:artifact:version[:classifier][@type])", e.getMessage());
        assertEquals(1, e.exitCode());
        assertThrows(ScriptException.class, () -> Directives.parse("s.java", "//DEPS a:b"));
        assertThrows(ScriptException.class, () -> Directives.parse("s.java", "//DEPS a:b:1:c:d"));
        e = assertThrows(ScriptException.class, () -> Directives.parse("s.java", "\n\n//JAVA_OPTIONS '-Dx"));
        assertTrue(e.getMessage().startsWith("s.java:3: //JAVA_OPTIONS: unterminated '"), e.getMessage());
    }

    @Test
    void jpreforksOwnAgentIsRecognisedAtAnyVersion() {
        assertTrue(Coordinate.parse("org.jprefork:checkpoint-agent:0.1.0").isJpreforkAgent());
        assertTrue(Coordinate.parse("org.jprefork:checkpoint-agent:9.9-SNAPSHOT").isJpreforkAgent());
        assertFalse(Coordinate.parse("org.jprefork:protocol:0.1.0").isJpreforkAgent());
    }

    @Test
    void projectFollowsSourcesAndBlanksTheHashBangLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("util"));
        Files.writeString(dir.resolve("s.java"), "#!/usr/bin/jprefork -U,java\n//SOURCES util/*.java\n"
                + "//DEPS a:b:1\nclass S {}\n");
        Files.writeString(dir.resolve("util/A.java"), "//DEPS c:d:2\n//SOURCES ../s.java B.java\nclass A {}\n");
        Files.writeString(dir.resolve("util/B.java"), "//JAVA_OPTIONS -Dx=1\nclass B {}\n");
        ScriptProject p = ScriptProject.load(dir.resolve("s.java"), "sub/s.java");
        assertEquals(List.of("sub/s.java", "sub/util/A.java", "sub/util/B.java"),
                p.files().stream().map(ScriptProject.SourceFile::name).toList());
        assertEquals("\n//SOURCES util/*.java\n//DEPS a:b:1\nclass S {}\n", p.files().get(0).text());
        assertEquals(List.of("a:b:1", "c:d:2"), p.deps().stream().map(x -> x.coordinate().toString()).toList());
        assertEquals(List.of("-Dx=1"), p.javaOptions());
        assertTrue(p.needsBuild());

        Files.writeString(dir.resolve("t.java"), "//SOURCES missing.java\nclass T {}\n");
        ScriptException e = assertThrows(ScriptException.class, () -> ScriptProject.load(dir.resolve("t.java"), "t.java"));
        assertTrue(e.getMessage().startsWith("t.java:1: //SOURCES missing.java: no such file"), e.getMessage());
        Files.writeString(dir.resolve("u.java"), "//SOURCES nothing/*.java\nclass U {}\n");
        e = assertThrows(ScriptException.class, () -> ScriptProject.load(dir.resolve("u.java"), "u.java"));
        assertTrue(e.getMessage().startsWith("u.java:1: //SOURCES nothing/*.java: matches no file"), e.getMessage());
    }

    @Test
    void buildRunsTheMainClassWithJavaOptionsFirstAndTheClassPathExtended() {
        JavaCommandLine original = JavaCommandLine.parse(List.of("-Xmx1g", "-cp", "lib/*", "--source", "17",
                "s.java", "arg"));
        ScriptBuild b = new ScriptBuild(Path.of("/c/classes"), "p.S", List.of(Path.of("/m2/a.jar")),
                List.of("-Dx=1"), List.of());
        JavaCommandLine run = b.commandLine(original);
        assertEquals(List.of("-Dx=1", "-Xmx1g", "-cp", "/c/classes:lib/*:/m2/a.jar"), run.options());
        assertEquals(new JavaCommandLine.Program(JavaCommandLine.Form.MAIN_CLASS, "p.S"), run.program());
        assertEquals(List.of("arg"), run.args());
        assertEquals(List.of("--release", "17"), ScriptBuild.compileOptionsOf(original));
    }
}
