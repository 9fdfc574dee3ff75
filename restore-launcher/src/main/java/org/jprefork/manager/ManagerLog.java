package org.jprefork.manager;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The pool manager's log: its stderr, which is the per-ident log file in the run dir (0600, rotated). */
final class ManagerLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** Null when stderr is not a log file (a manager run by hand or by a test). */
    private static final LogRotation ROTATION = LogRotation.ofStderr();

    private ManagerLog() {
    }

    static synchronized void info(String message) {
        if (ROTATION != null) {
            ROTATION.beforeWrite();
        }
        System.err.println(LocalDateTime.now().format(TIME) + " " + message);
        System.err.flush();
    }

    private static final Syslog SYSLOG = Syslog.fromEnvironment();
    private static volatile String facility = "user";
    private static volatile String program = "";

    /** Where errors also go: the program's syslog facility ("" for none), and the program's name. */
    static void syslog(String facilityName, String programName) {
        facility = facilityName;
        program = programName;
    }

    static void error(String message, Throwable t) {
        String line = message + (t == null ? "" : ": " + t);
        info("ERROR " + line);
        SYSLOG.error(facility, program, line);
    }
}
