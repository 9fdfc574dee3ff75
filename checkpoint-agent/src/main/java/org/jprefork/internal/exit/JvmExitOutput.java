package org.jprefork.internal.exit;

import java.util.List;

/**
 * JVM options with which the JVM itself may write to stdout or stderr, or write files, after
 * the program has finished ({@code -Xlog:gc*} prints the heap at exit, {@code -XX:+PrintXxx}
 * statistics, a native agent's VM-death handler, {@code -XX:ArchiveClassesAtExit}). With any of
 * them, a copy keeps the caller's stdio to the end and the caller waits for the process, as
 * with plain java.
 */
final class JvmExitOutput {
    private static final List<String> PREFIXES = List.of("-Xlog", "-verbose", "-XX:+Print", "-XX:+Log",
            "-XX:+Trace", "-XX:+Verbose", "-agentlib:", "-agentpath:", "-Xrun");

    private JvmExitOutput() {
    }

    /** The options among {@code jvmArguments} (as RuntimeMXBean.getInputArguments gives them). */
    static List<String> among(List<String> jvmArguments) {
        return jvmArguments.stream()
                .filter(a -> PREFIXES.stream().anyMatch(a::startsWith) || (a.startsWith("-XX:") && a.contains("AtExit")))
                .toList();
    }
}
