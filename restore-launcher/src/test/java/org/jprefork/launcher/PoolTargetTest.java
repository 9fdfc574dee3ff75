package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.client.ProgramSpec;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.rundir.RunDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolTargetTest {
    @TempDir
    Path tmp;
    RunDir runDir;
    Path cwd;
    final Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");

    @BeforeEach
    void setUp() throws Exception {
        runDir = RunDir.at(tmp.resolve("run"));
        cwd = Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void anIdentOrAnUnambiguousStartOfOne() throws Exception {
        Files.writeString(runDir.log("abc123"), "");
        Files.writeString(runDir.log("abd456"), "");
        assertEquals("abc123", PoolTarget.resolve("abc123", runDir, env, cwd));
        assertEquals("abd456", PoolTarget.resolve("abd", runDir, env, cwd));
        assertEquals("zz9", PoolTarget.resolve("zz9", runDir, env, cwd)); // no pool: the caller says so
        String ambiguous = assertThrows(IllegalArgumentException.class,
                () -> PoolTarget.resolve("ab", runDir, env, cwd)).getMessage();
        assertTrue(ambiguous.contains("start of 2 idents"), ambiguous);
        assertThrows(IllegalArgumentException.class, () -> PoolTarget.resolve("no/such file", runDir, env, cwd));
    }

    @Test
    void aScriptHasTheIdentOfRunningItAsCalled() throws Exception {
        Files.writeString(cwd.resolve("r.java"), "#!/usr/bin/env -S jprefork -U -G v2 java -Xmx64m\nclass R {}\n");
        String expected = new ProgramSpec("java", JavaCommandLine.parse(List.of("-Xmx64m", "r.java")),
                List.of(new org.jprefork.protocol.Ident.Extra(false, "v2")), null, null).ident(env, cwd);
        assertEquals(expected, PoolTarget.resolve("r.java", runDir, env, cwd));
        // Run as ./r.java, the kernel passes "./r.java": when that pool exists, it is the one meant.
        String dotSlash = new ProgramSpec("java", JavaCommandLine.parse(List.of("-Xmx64m", "./r.java")),
                List.of(new org.jprefork.protocol.Ident.Extra(false, "v2")), null, null).ident(env, cwd);
        Files.writeString(runDir.log(dotSlash), "");
        assertEquals(dotSlash, PoolTarget.resolve("r.java", runDir, env, cwd));
    }

    @Test
    void theWordsOfACallNameThePoolThatCallUses() throws Exception {
        String expected = new ProgramSpec("java", JavaCommandLine.parse(List.of("-Xmx64m", "-cp", "lib", "Main")),
                List.of(new org.jprefork.protocol.Ident.Extra(true, "PATH"), new org.jprefork.protocol.Ident.Extra(false, "v2")), null, null)
                .ident(env, cwd);
        List<String> call = List.of("-U", "-E", "PATH", "-G", "v2", "java", "-Xmx64m", "-cp", "lib", "Main");
        assertEquals(expected, PoolTarget.resolve(call, runDir, env, cwd));
        // The program's arguments are no part of the ident; the #! form's commas are expanded.
        List<String> withArgs = new java.util.ArrayList<>(call);
        withArgs.addAll(List.of("an", "-argument"));
        assertEquals(expected, PoolTarget.resolve(withArgs, runDir, env, cwd));
        assertEquals(expected, PoolTarget.resolve(List.of("-U,-E,PATH,-G,v2,java,-Xmx64m", "-cp", "lib", "Main"),
                runDir, env, cwd));
        assertEquals(new ProgramSpec("java", JavaCommandLine.parse(List.of("Main")), List.of(), "mine", null)
                .ident(env, cwd), PoolTarget.resolve(List.of("-U", "-g", "mine", "java", "Main"), runDir, env, cwd));
        String noU = assertThrows(IllegalArgumentException.class,
                () -> PoolTarget.resolve(List.of("java", "-cp", "lib", "Main"), runDir, env, cwd)).getMessage();
        assertTrue(noU.contains("-U is required"), noU);
    }

    @Test
    void aScriptsArgumentsAfterItAreNoPartOfItsIdent() throws Exception {
        Files.writeString(cwd.resolve("r.java"), "#!/usr/bin/env -S jprefork -U java\nclass R {}\n");
        assertEquals(PoolTarget.resolve("r.java", runDir, env, cwd),
                PoolTarget.resolve(List.of("r.java", "one", "-two"), runDir, env, cwd));
    }

    @Test
    void aFileThatIsNoJpreforkScriptIsAUsageError() throws Exception {
        Files.writeString(cwd.resolve("Plain.java"), "class Plain {}\n");
        String m = assertThrows(IllegalArgumentException.class,
                () -> PoolTarget.resolve("Plain.java", runDir, env, cwd)).getMessage();
        assertTrue(m.contains("Plain.java is not a #! script") && m.contains("--kill"), m);
    }
}
