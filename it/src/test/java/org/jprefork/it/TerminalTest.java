package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A caller on a terminal: the program sees a terminal, of the caller's size. */
@RequiresCriu
class TerminalTest {
    @RegisterExtension
    static final Workspace ws = new Workspace();

    @Test
    void theProgramSeesTheCallersTerminal() throws Exception {
        // script(1) runs the call on a new pseudo-terminal of 33 rows and 91 columns.
        String inner = "stty rows 33 cols 91; " + Jprefork.BIN + " -U java Echo.java tty";
        for (int i = 0; i < 2; i++) { // the template's call, then a restored copy's
            Jprefork.Result r = ws.jprefork().runProgram("script", "-qec", inner, "/dev/null");
            assertEquals(0, r.exit(), r.toString());
            String out = r.out().replace("\r", "");
            assertTrue(out.contains("console=true\n33 91\n"), r.toString());
        }
    }

    @Test
    void theFirstCallOnATerminalWaitsForNoCheckpointAndShowsNoLineOfJpreforks() throws Exception {
        // A pool of its own (another directory, another ident). The first call runs the program
        // itself and the checkpoint is built after it: nothing of the checkpoint is shown, even
        // with the progress threshold at 0.
        Path dir = ownCopyOfEcho("progress-tty");
        String inner = "stty rows 33 cols 200; JPREFORK_PROGRESS_AFTER_MS=0 " + Jprefork.BIN + " -U java Echo.java tty";
        Jprefork.Result r = ws.jprefork().in(dir).runProgram("script", "-qec", inner, "/dev/null");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        int init = out.indexOf("initialising (stdout goes to stderr here)");
        int program = out.indexOf("console=true\r\n33 200");
        assertTrue(init >= 0 && init < program, r.toString());
        assertFalse(out.contains("jprefork"), r.toString());
        assertFalse(out.contains("\033[K"), r.toString());
    }

    @Test
    void aCallerWhoseStderrIsNoTerminalGetsExactlyWhatItGotBefore() throws Exception {
        Path shown = ownCopyOfEcho("progress-pipe-0");
        Path plain = ownCopyOfEcho("progress-pipe-default");
        Jprefork.Result withLine = ws.jprefork().in(shown).env("JPREFORK_PROGRESS_AFTER_MS", "0")
                .run("-U", "java", "Echo.java", "exit", "0");
        Jprefork.Result without = ws.jprefork().in(plain).run("-U", "java", "Echo.java", "exit", "0");
        assertEquals(0, withLine.exit(), withLine.toString());
        assertEquals(without.err(), withLine.err());
        assertEquals("initialising (stdout goes to stderr here)\n", withLine.err(), withLine.toString());
    }

    @Test
    void aToolsFirstCallOnATerminalIsTheToolAlone() throws Exception {
        Path dir = Files.createDirectories(ws.work.resolve("progress-tool"));
        try (var in = TerminalTest.class.getResourceAsStream("/programs/ToolMain.java")) {
            Files.copy(in, dir.resolve("ToolMain.java"));
        }
        Process javac = new ProcessBuilder("javac", "-d", dir.toString(), dir.resolve("ToolMain.java").toString())
                .inheritIO().start();
        assertEquals(0, javac.waitFor());
        // Its warm-up and checkpoint are built after this call, in the background.
        String inner = "JPREFORK_PROGRESS_AFTER_MS=0 " + Jprefork.BIN
                + " -U --checkpoint-at=main --warmup='w u' java -cp " + dir + " ToolMain a";
        Jprefork.Result r = ws.jprefork().in(dir).runProgram("script", "-qec", inner, "/dev/null");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("greeting=none square=1 args=[a]\r\n", r.out(), r.toString());
    }

    private static Path ownCopyOfEcho(String name) throws Exception {
        Path dir = Files.createDirectories(ws.work.resolve(name));
        Files.copy(ws.work.resolve("Echo.java"), dir.resolve("Echo.java"));
        return dir;
    }
}
