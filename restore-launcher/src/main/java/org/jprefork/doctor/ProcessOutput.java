package org.jprefork.doctor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command for a check: its exit status and output (stdout and stderr together). */
record ProcessOutput(int exit, String output) {
    private static final long TIMEOUT_S = 60;

    static ProcessOutput run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new ProcessOutput(-1, String.join(" ", command) + " did not finish in " + TIMEOUT_S + " s");
            }
            return new ProcessOutput(p.exitValue(), out);
        } catch (IOException e) {
            return new ProcessOutput(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessOutput(-1, "interrupted");
        }
    }

    /** The last line that is not CRIU's harmless RLIMIT_NOFILE notice. */
    String lastLine() {
        return output.lines().filter(l -> !l.isBlank() && !l.contains("RLIMIT_NOFILE"))
                .reduce((a, b) -> b).orElse("").trim();
    }
}
