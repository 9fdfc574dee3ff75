package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Templates are built in the background, while calls run as plain java beside them: on a
 * machine with few cores a template initialising at the callers' priority would slow those calls
 * down. So a template starts at the lowest priority ({@code nice -n 19}) and its agent puts every
 * thread back to the manager's own priority just before it parks (CRIU restores each thread's
 * nice value into every copy). Only when the manager may raise a priority again (root): an
 * unprivileged process cannot, and its copies would serve calls at the lowest priority.
 */
final class BackgroundPriority {
    private static final int LOWEST = 19;
    /** The nice value the template goes back to, or null when templates keep the manager's. */
    static final Integer RESTORE_TO = decide();
    private static final Path NICE = Path.of("/usr/bin/nice");

    private BackgroundPriority() {
    }

    private static Integer decide() {
        try {
            if (!Files.isExecutable(NICE) || (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
                return null;
            }
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Field 19 (nice), after the parenthesised command name, which may contain spaces.
            int nice = Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
            return nice < LOWEST ? nice : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Words that start the template's JVM at the lowest priority (empty when it keeps the manager's). */
    static List<String> prefix() {
        return RESTORE_TO == null ? List.of() : List.of(NICE.toString(), "-n", Integer.toString(LOWEST));
    }

    /** The agent argument that puts the template back before it parks (empty when not lowered). */
    static String agentArgument() {
        return RESTORE_TO == null ? "" : ",nice=" + RESTORE_TO;
    }
}
