package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
