package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CRaC engine against a real JDK with CRaC, named by JPREFORK_CRAC_JDK (its java home).
 * None can be installed on the project's build machines, so this runs only where one is given.
 */
class CracEngineTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void callsAreServedByCopiesTheJdkRestores() throws Exception {
        String home = System.getenv("JPREFORK_CRAC_JDK");
        assumeTrue(home != null && !home.isEmpty(), "JPREFORK_CRAC_JDK is not set: no JDK with CRaC to test against");
        Path java = Path.of(home, "bin", "java");
        assertTrue(Files.isExecutable(java), "JPREFORK_CRAC_JDK has no bin/java: " + home);
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = ws.jprefork().env("GREETING", "crac" + i)
                    .run("-U", "--engine=crac", java.toString(), "Echo.java", "echo", "c" + i);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("args=c" + i + "\n"), r.toString());
            assertTrue(r.out().contains("env=crac" + i + "/crac" + i + "\n"), r.toString());
            assertTrue(r.out().contains("calls=1\n"), r.toString());
        }
        Jprefork.Result order = ws.jprefork().run("-U", "--engine=crac", java.toString(), "-cp",
                CracCompatTest.orgCrac(), "CracOrder.java", "x");
        assertEquals("x [before:c, before:b, before:a, after:a, after:b, after:c]\n", order.out(), order.toString());
    }
}
