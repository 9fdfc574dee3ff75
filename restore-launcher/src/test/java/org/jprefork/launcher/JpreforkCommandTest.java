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
}
