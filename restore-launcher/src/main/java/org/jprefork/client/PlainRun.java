package org.jprefork.client;

import java.io.IOException;
import java.util.List;

/** Runs the program as plain java, in this process's stdio, env and cwd. */
final class PlainRun {
    private PlainRun() {
    }

    static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
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
