package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One pool per program, not per directory: calls from any directory share a pool unless the
 * program can observe the directory at start-up, and each call still runs in its own directory.
 */
@RequiresCriu
class PoolPerProgramTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    /** Echo.java as a #! script with these jprefork words, in a directory of its own; its absolute path. */
    private Path script(String jpreforkWords) throws Exception {
        Path bin = Files.createDirectories(ws.root.resolve("bin"));
        Path p = bin.resolve("Echo.java");
        Files.writeString(p, "#!/usr/bin/env -S " + Jprefork.BIN + " " + jpreforkWords + "\n"
                + Files.readString(ws.work.resolve("Echo.java")));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** A directory with its own input.txt. */
    private Path dir(String name) throws Exception {
        Path d = Files.createDirectories(ws.root.resolve(name));
        Files.writeString(d.resolve("input.txt"), "input of " + name + "\n");
        return d;
    }

    private List<String> pools() throws Exception {
        try (Stream<Path> files = Files.list(ws.runDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).toList();
        }
    }

    @Test
    void aScriptCalledFromThreeDirectoriesInitialisesOnceAndEachCallHasItsOwnDirectory() throws Exception {
        Path script = script("-U java");
        Path initLog = ws.root.resolve("init.log");
        for (String name : List.of("a", "b", "c")) {
            Path d = dir(name);
            Jprefork.Result r = ws.jprefork().in(d).env("INIT_LOG", initLog.toString())
                    .runProgram(script.toString(), "echo", name);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("cwd=" + d + " file=" + d.resolve("x") + " dir=" + d + "\n"), r.toString());
            assertTrue(r.out().contains("input=input of " + name + "\n"), r.toString());
            Jprefork.Result made = ws.jprefork().in(d).runProgram(script.toString(), "create", "made.txt");
            assertEquals(0, made.exit(), made.toString());
            assertTrue(Files.exists(d.resolve("made.txt")), "a relative file is created in the caller's directory");
            ws.awaitImage(); // built after the first call: later calls, from any directory, are copies
        }
        // The first call ran the program itself, the template built after it once more; copies never.
        assertEquals("init\ninit\n", Files.readString(initLog), "two initialisations for six calls from three directories");
        assertEquals(1, pools().size(), pools().toString());
    }

    @Test
    void withIdentCwdEachDirectoryHasItsPoolAsWithPreforkInterp() throws Exception {
        Path script = script("-U --ident-cwd java");
        Path initLog = ws.root.resolve("init.log");
        List<String> names = List.of("a", "b", "a");
        for (int i = 0; i < names.size(); i++) {
            Path d = dir(names.get(i));
            Jprefork.Result r = ws.jprefork().in(d).env("INIT_LOG", initLog.toString())
                    .runProgram(script.toString(), "echo", names.get(i));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("input=input of " + names.get(i) + "\n"), r.toString());
            ws.awaitStatus(Math.min(i + 1, 2), "state=image");
        }
        // Per pool: its first call and its template; the third call is a copy of a's pool.
        assertEquals("init\n".repeat(4), Files.readString(initLog));
        assertEquals(2, pools().size(), pools().toString());
    }

    @Test
    void aToolWithAnAbsoluteClassPathSharesOnePoolAcrossDirectories() throws Exception {
        Path classes = compileTool(ws.root.resolve("tool-classes"));
        for (String name : List.of("a", "b", "a")) {
            Path d = dir(name);
            Jprefork.Result r = ws.jprefork().in(d)
                    .run("-U", "--checkpoint-at=main", "java", "-cp", classes.toString(), "CwdTool", "input.txt");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("cwd=" + d + " input.txt=input of " + name + "\n", r.out(), r.toString());
            assertEquals("written by input.txt\n", Files.readString(d.resolve("written.txt")));
        }
        assertEquals(1, pools().size(), pools().toString());
        // A tool's template is rebuilt once, when its training run has recorded its classes;
        // nothing else may start another.
        String log = ws.poolLog();
        assertTrue(log.lines().filter(l -> l.contains("reloading")).allMatch(l -> l.contains("/trained-")), log);
    }

    @Test
    void aRelativeClassPathIsAPoolPerDirectory() throws Exception {
        for (String name : List.of("a", "b")) {
            Path d = dir(name);
            compileTool(d.resolve("classes"));
            Jprefork.Result r = ws.jprefork().in(d)
                    .run("-U", "--checkpoint-at=main", "java", "-cp", "classes", "CwdTool", "input.txt");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("cwd=" + d + " input.txt=input of " + name + "\n", r.out(), r.toString());
        }
        assertEquals(2, pools().size(), pools().toString());
    }

    private static Path compileTool(Path out) throws Exception {
        Path src = Files.createDirectories(out.resolveSibling(out.getFileName() + "-src")).resolve("CwdTool.java");
        try (var in = PoolPerProgramTest.class.getResourceAsStream("/programs/CwdTool.java")) {
            Files.copy(in, src);
        }
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", out.toString(), src.toString()).inheritIO().start();
        assertTrue(javac.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue());
        return out;
    }
}
