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
    void theFirstCallOnATerminalSeesTheCheckpointAsOneErasedLine() throws Exception {
        // A pool of its own (another directory, another ident), its manager started by this call:
        // the line shows at once (threshold 0) instead of after a second.
        Path dir = ownCopyOfEcho("progress-tty");
        String inner = "stty rows 33 cols 200; JPREFORK_PROGRESS_AFTER_MS=0 " + Jprefork.BIN + " -U java Echo.java tty";
        Jprefork.Result r = ws.jprefork().in(dir).runProgram("script", "-qec", inner, "/dev/null");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        int init = out.indexOf("initialising (stdout goes to stderr here)");
        int line = out.lastIndexOf("\rjprefork: checkpointing Echo.java... ");
        int erased = out.indexOf("\r\033[K", line + 1);
        int program = out.indexOf("console=true");
        assertTrue(init >= 0 && init < line && line < erased && erased < program, r.toString());
        // Nothing else of the line is left between its erasure and the program's output.
        assertFalse(out.substring(erased + 4, program).contains("jprefork"), r.toString());

        // Later calls are restored copies: no checkpoint, no line.
        Jprefork.Result again = ws.jprefork().in(dir).runProgram("script", "-qec", inner, "/dev/null");
        assertFalse(again.out().contains("checkpointing"), again.toString());
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
    void aToolsWarmUpOnATerminalIsOneErasedLineToo() throws Exception {
        Path dir = Files.createDirectories(ws.work.resolve("progress-tool"));
        try (var in = TerminalTest.class.getResourceAsStream("/programs/ToolMain.java")) {
            Files.copy(in, dir.resolve("ToolMain.java"));
        }
        Process javac = new ProcessBuilder("javac", "-d", dir.toString(), dir.resolve("ToolMain.java").toString())
                .inheritIO().start();
        assertEquals(0, javac.waitFor());
        String inner = "JPREFORK_PROGRESS_AFTER_MS=0 " + Jprefork.BIN
                + " -U --checkpoint-at=main --warmup='w u' java -cp " + dir + " ToolMain a";
        Jprefork.Result r = ws.jprefork().in(dir).runProgram("script", "-qec", inner, "/dev/null");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out();
        int warming = out.indexOf("\rjprefork: warming up ToolMain... ");
        int erased = out.indexOf("\r\033[K", warming + 1);
        int checkpointing = out.indexOf("\rjprefork: checkpointing ToolMain... ");
        int program = out.indexOf("greeting=none square=1 args=[a]");
        assertTrue(0 <= warming && warming < erased && erased <= checkpointing && checkpointing < program, r.toString());
        assertFalse(out.substring(out.lastIndexOf("\r\033[K", program) + 4, program).contains("jprefork"), r.toString());
    }

    private static Path ownCopyOfEcho(String name) throws Exception {
        Path dir = Files.createDirectories(ws.work.resolve(name));
        Files.copy(ws.work.resolve("Echo.java"), dir.resolve("Echo.java"));
        return dir;
    }
}
