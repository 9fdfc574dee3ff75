package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad command lines and bad programs: a clear message, the status a user expects, no hang. */
class BadInputTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void withoutDashUItRefuses() throws Exception {
        Jprefork.Result r = ws.jprefork().run("java", "Echo.java");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("jprefork: -U is required"), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        Jprefork.Result r = ws.jprefork().run("-U", "--frobnicate", "java", "Echo.java");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--frobnicate"), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
    }

    @Test
    void missingInterpreterOrProgram() throws Exception {
        Jprefork.Result none = ws.jprefork().run("-U");
        assertEquals(2, none.exit(), none.toString());
        Jprefork.Result noProgram = ws.jprefork().run("-U", "java", "-Xmx64m");
        assertEquals(2, noProgram.exit(), noProgram.toString());
        assertTrue(noProgram.err().contains("no program given to java"), noProgram.toString());
        Jprefork.Result noJava = ws.jprefork().run("-U", "no-such-java", "Echo.java");
        assertEquals(127, noJava.exit(), noJava.toString());
        assertTrue(noJava.err().contains("interpreter 'no-such-java' not found"), noJava.toString());
    }

    @Test
    void theHashBangFormIsSplitAtCommas() throws Exception {
        Jprefork.Result r = ws.jprefork().run("-U,java,-Xmx64m", "NoPrefork.java", "x", "y");
        assertEquals(2, r.exit(), r.toString());
        // Before initialisationComplete stdout goes to stderr; this program never calls it.
        assertTrue(r.out().contains("plain x y") || r.err().contains("plain x y"), r.toString());
    }

    @Test
    @RequiresCriu
    void aProgramThatNeverCallsInitialisationCompleteRunsPlainEveryTime() throws Exception {
        Jprefork j = ws.jprefork();
        Jprefork.Result first = j.run("-U", "java", "NoPrefork.java", "a");
        assertEquals(1, first.exit(), first.toString());
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = j.run("-U", "java", "NoPrefork.java", "a", "b", "c");
            assertEquals(3, r.exit(), r.toString());
            assertEquals("plain a b c\n", r.out(), r.toString());
        }
    }

    @Test
    @RequiresCriu
    void aCompileErrorPointsAtTheScriptsLine() throws Exception {
        Files.writeString(ws.work.resolve("Broken.java"), "#!/usr/local/bin/jprefork -U,java\n"
                + Files.readString(ws.work.resolve("Broken.java")));
        Jprefork.Result r = ws.jprefork().run("-U", "java", "Broken.java");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("Broken.java:4: error: incompatible types"), r.toString());
    }

    @Test
    @RequiresCriu
    void aProgramThatCouldNotStartDoesNotBlockTheNextCall() throws Exception {
        Jprefork j = ws.jprefork();
        Jprefork.Result missing = j.run("-U", "java", "Later.java");
        assertTrue(missing.exit() != 0, missing.toString());
        Files.writeString(ws.work.resolve("Later.java"),
                Files.readString(ws.work.resolve("Echo.java")).replace("class Echo", "class Later"));
        Jprefork.Result r = j.run("-U", "java", "Later.java", "now");
        assertEquals("hello now\n", r.out(), r.toString());
    }

    @Test
    @RequiresCriu
    void anInitialisationThatThrowsFailsTheCallVisibly() throws Exception {
        Jprefork.Result r = ws.jprefork().run("-U", "java", "InitThrows.java");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("initialisation failed on purpose"), r.toString());
    }

    @Test
    void engineNoneRunsPlainJavaAndBadEngineWordsAreRefused() throws Exception {
        Jprefork.Result none = ws.jprefork().run("-U", "--engine=none", "java", "Echo.java", "exit", "5");
        assertEquals(5, none.exit(), none.toString());
        assertTrue(!none.err().contains("jprefork:"), "engine none is plain java, without a word: " + none);
        if (Files.exists(ws.runDir)) {
            try (var files = Files.list(ws.runDir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".s")), "engine none started a pool");
            }
        }
        Jprefork.Result bad = ws.jprefork().run("-U", "--engine=fast", "java", "Echo.java");
        assertEquals(2, bad.exit(), bad.toString());
        assertEquals("jprefork: unknown engine 'fast': expected criu, crac, warm or none (see jprefork --help)\n",
                bad.err());
        Jprefork.Result badEnv = ws.jprefork().env("JPREFORK_ENGINE", "fast").run("-U", "java", "Echo.java");
        assertEquals(2, badEnv.exit(), badEnv.toString());
        assertEquals("jprefork: JPREFORK_ENGINE: unknown engine 'fast': expected criu, crac, warm or none\n",
                badEnv.err());
        Jprefork.Result crac = ws.jprefork().run("-U", "--engine=crac", "java", "Echo.java");
        assertEquals(120, crac.exit(), crac.toString());
        assertTrue(crac.err().startsWith("jprefork: engine crac (--engine=crac) needs a JDK with CRaC"), crac.toString());
    }
}
