package org.jprefork.client;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Runs the program as plain java, in this process's stdio and cwd and the caller's environment. */
final class PlainRun {
    private PlainRun() {
    }

    /** {@code env}: the caller's, JVM option variables included (this JVM's own lacks them). */
    static int run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            // A TERM from `timeout` or a HUP from a closed session is meant for the program.
            try (SignalForwarding forwarding = SignalForwarding.to(p)) {
                while (true) {
                    try {
                        return p.waitFor();
                    } catch (InterruptedException e) {
                        // keep waiting: the program decides when it ends
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("jprefork: cannot run " + command.get(0) + ": " + e.getMessage());
            return 127;
        }
    }
}
