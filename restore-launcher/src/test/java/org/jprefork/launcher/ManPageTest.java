package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {
    @Test
    void everyOptionAndCommandIsInTheManPage() {
        CommandLine root = Main.commandLine(new JpreforkCommand());
        String page = ManPage.render(root);
        assertTrue(page.startsWith(".TH JPREFORK 1 "), page);
        for (OptionSpec o : root.getCommandSpec().options()) {
            if (o.hidden()) {
                assertFalse(page.contains(ManPage.escape(o.longestName())), o.longestName() + " is internal, not for the page");
                continue;
            }
            assertTrue(page.contains("\\fB" + ManPage.escape(String.join(", ", o.names())) + "\\fR"),
                    o.longestName() + " missing");
        }
        for (String name : new String[] {"kill", "fresh", "gc", "logs", "doctor", "generate\\-completion"}) {
            assertTrue(page.contains(".SS \"jprefork " + name), name + " missing");
        }
        assertFalse(page.contains("generate\\-man\\-page"), "hidden command listed");
        assertTrue(page.contains("\\fB\\-\\-keep\\fR \\fIN\\fR\nIdents to keep at most (default: 100)."), page);
    }

    @Test
    void roffSpecialsAreEscaped() {
        assertEquals("\\&.hidden \\- a\\eb", ManPage.escape(".hidden - a\\b"));
    }
}
