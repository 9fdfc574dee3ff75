package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jprefork.protocol.ExitCodes;
import org.junit.jupiter.api.Test;

class JpreforkCommandTest {
    private static JpreforkCommand parse(String... args) {
        JpreforkCommand cmd = new JpreforkCommand();
        Main.commandLine(cmd).parseArgs(args);
        return cmd;
    }

    @Test
    void jpreforkOptionsStopAtTheInterpreter() {
        JpreforkCommand c = parse("-U", "-E", "HOME", "-G", "v2", "-f", "java", "-f", "X.java", "-U");
        assertTrue(c.unlaundered);
        assertTrue(c.fresh);
        assertEquals("java", c.java);
        assertEquals(List.of("-f", "X.java", "-U"), c.words);
    }

    @Test
    void repeatedIdentOptionsAndAtWordsAreKept() {
        JpreforkCommand c = parse("-U", "-E", "A", "-G", "x", "-E", "B", "java", "P.java", "@notes");
        assertEquals(List.of("P.java", "@notes"), c.words);
    }

    @Test
    void identCwdAndArgumentFilesReachTheProgramSpec(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("opts"), "-cp /opt/app.jar com.x.Main\n");
        org.jprefork.client.ProgramSpec spec = parse("-U", "--ident-cwd", "java", "-Xmx1g", "@opts", "a", "@b")
                .programSpec(dir);
        assertTrue(spec.identCwd());
        assertEquals(List.of("-Xmx1g", "-cp", "/opt/app.jar", "com.x.Main"), spec.command().programWords());
        assertEquals(List.of("a", "@b"), spec.command().args());
        assertEquals(false, parse("-U", "java", "X.java").programSpec(dir).identCwd());
    }

    @Test
    void anArgumentFileThatCannotBeReadIsAUsageError() throws Exception {
        String message = usageMessage("-U", "java", "@no-such-file-jpf", "Main");
        assertTrue(message.startsWith("jprefork: cannot read the java argument file @no-such-file-jpf"), message);
    }

    @Test
    void missingDashUIsAUsageErrorWithOneLine() throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(ExitCodes.USAGE, parse("java", "X.java").call());
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("jprefork: -U is required"), message);
        assertEquals(1, message.lines().count());
    }

    private static String usageMessage(String... args) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(ExitCodes.USAGE, parse(args).call());
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, message.lines().count(), message);
        return message.trim();
    }

    @Test
    void toolOptionsAreCheckedAgainstTheProgram() throws Exception {
        assertEquals("jprefork: --checkpoint-at=start: the only point is main (see jprefork --help)",
                usageMessage("-U", "--checkpoint-at=start", "java", "-cp", "t.jar", "T"));
        assertEquals("jprefork: --warmup needs --checkpoint-at=main (see jprefork --help)",
                usageMessage("-U", "--warmup=-e nil", "java", "-cp", "t.jar", "T"));
        assertEquals("jprefork: --checkpoint-at=main needs a main class (-cp CLASSPATH Main) or -jar app.jar "
                + "(see jprefork --help)", usageMessage("-U", "--checkpoint-at=main", "java", "Script.java"));
        assertEquals("jprefork: unterminated ' in: -e 'nil (see jprefork --help)",
                usageMessage("-U", "--checkpoint-at=main", "--warmup=-e 'nil", "java", "-cp", "t.jar", "T"));
        assertEquals("jprefork: unknown engine 'fast': expected criu, crac, warm or none (see jprefork --help)",
                usageMessage("-U", "--engine=fast", "java", "X.java"));
    }

    @Test
    void verifyWarmupTakesACountAndNeedsAWarmup() throws Exception {
        for (String bad : List.of("0", "-1", "x", "", "1001", "99999999999")) {
            assertEquals("jprefork: --verify-warmup=" + bad + ": give a number of calls from 1 to 1000 (see jprefork --help)",
                    usageMessage("-U", "--checkpoint-at=main", "--warmup=a", "--verify-warmup=" + bad, "java", "-jar", "t.jar"));
        }
        assertEquals("jprefork: --verify-warmup needs --warmup (see jprefork --help)",
                usageMessage("-U", "--checkpoint-at=main", "--verify-warmup=2", "java", "-jar", "t.jar"));
        assertEquals("jprefork: --verify-warmup needs --checkpoint-at=main (see jprefork --help)",
                usageMessage("-U", "--verify-warmup=2", "java", "-jar", "t.jar"));
    }
}
