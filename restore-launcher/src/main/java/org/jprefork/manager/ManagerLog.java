package org.jprefork.manager;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The pool manager's log: its stderr, which is the per-ident log file in the run dir. */
final class ManagerLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ManagerLog() {
    }

    static synchronized void info(String message) {
        System.err.println(LocalDateTime.now().format(TIME) + " " + message);
        System.err.flush();
    }

    static void error(String message, Throwable t) {
        info("ERROR " + message + (t == null ? "" : ": " + t));
    }
}
