package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts' Maven runs, when their output is not a terminal: batch mode, and no terminal escapes. */
class ScriptsTest {
    @TempDir
    Path tmp;

    /** Runs bash with scripts/lib sourced, output to a pipe (no terminal); returns stdout and stderr together. */
    private String bash(String script, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source scripts/lib/common.sh; source scripts/lib/build.sh; "
                + script).directory(Jprefork.REPO.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PATH", path);
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), script + " hung");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void mavenRunsInBatchModeWithoutColourOffATerminal() throws Exception {
        Path fake = tmp.resolve("mvn");
        Files.writeString(fake, "#!/bin/sh\necho \"args: $*\"\necho \"MAVEN_OPTS: $MAVEN_OPTS\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String out = bash("maven -q help", tmp + ":" + System.getenv("PATH"));
        assertTrue(out.contains("args: -B -ntp -Dstyle.color=never -q help"), out);
        assertTrue(out.contains("MAVEN_OPTS: -Djansi.noreset=true"), out);
    }

    @Test
    void theRealMavensOutputHasNoEscape() throws Exception {
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v mvn").start().waitFor() == 0, "no mvn on PATH");
        // Maven 3.8 writes ESC[0m even with -B: the reason for jansi.noreset.
        String out = bash("cd /tmp && maven -v", System.getenv("PATH"));
        assertTrue(out.contains("Apache Maven"), out);
        assertFalse(out.contains("\u001b"), "an escape sequence in: " + out.replace("\u001b", "ESC"));
    }
}
