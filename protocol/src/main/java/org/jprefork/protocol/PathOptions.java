package org.jprefork.protocol;

import java.util.List;
import java.util.Map;

/**
 * The java launcher's and the JVM's options whose values name files, and how: the table the
 * ident's working-directory rule reads (docs/protocol.md, "Ident"). The native client has the
 * same table (jprefork.c, {@code PATH_OPTIONS}); keep the two in step.
 */
final class PathOptions {
    /** How an option's value names files. */
    enum Kind {
        /** one path */
        PATH,
        /** a ':'-separated list of paths; an empty entry means the working directory */
        LIST,
        /** a path, then optionally '=' and the agent's options */
        AGENT,
        /** MODULE=LIST */
        PATCH,
        /** a path, after an optional leading '=' (java.security.policy==FILE) */
        PROPERTY_FILE,
        /** -Xlog's what:output:...: the output when it is a file */
        LOG,
        /** JFR's comma-separated key=value options: filename, repository, dumppath, settings */
        JFR
    }

    /** Options whose value is the next word. */
    static final Map<String, Kind> NEXT_WORD = Map.of(
            "-cp", Kind.LIST, "-classpath", Kind.LIST, "--class-path", Kind.LIST,
            "-p", Kind.LIST, "--module-path", Kind.LIST, "--upgrade-module-path", Kind.LIST,
            "--patch-module", Kind.PATCH);

    /** Options whose value follows a prefix in the same word, in the order they are tried. */
    static final List<Map.Entry<String, Kind>> PREFIXES = List.of(
            Map.entry("--class-path=", Kind.LIST),
            Map.entry("--module-path=", Kind.LIST),
            Map.entry("--upgrade-module-path=", Kind.LIST),
            Map.entry("--patch-module=", Kind.PATCH),
            Map.entry("-Djava.class.path=", Kind.LIST),
            Map.entry("-Djdk.module.path=", Kind.LIST),
            Map.entry("-Djdk.module.upgrade.path=", Kind.LIST),
            Map.entry("-Djava.library.path=", Kind.LIST),
            Map.entry("-Xbootclasspath/a:", Kind.LIST),
            Map.entry("-javaagent:", Kind.AGENT),
            Map.entry("-agentpath:", Kind.AGENT),
            Map.entry("-splash:", Kind.PATH),
            Map.entry("-XX:Flags=", Kind.PATH),
            Map.entry("-XX:VMOptionsFile=", Kind.PATH),
            Map.entry("-XX:CompileCommandFile=", Kind.PATH),
            Map.entry("-XX:SharedArchiveFile=", Kind.LIST),
            Map.entry("-XX:SharedClassListFile=", Kind.PATH),
            Map.entry("-XX:ArchiveClassesAtExit=", Kind.PATH),
            Map.entry("-XX:AOTCache=", Kind.PATH),
            Map.entry("-XX:AOTCacheOutput=", Kind.PATH),
            Map.entry("-XX:AOTConfiguration=", Kind.PATH),
            Map.entry("-XX:LogFile=", Kind.PATH),
            Map.entry("-Xloggc:", Kind.PATH),
            Map.entry("-Djava.util.logging.config.file=", Kind.PATH),
            Map.entry("-Djava.security.properties=", Kind.PROPERTY_FILE),
            Map.entry("-Djava.security.policy=", Kind.PROPERTY_FILE),
            Map.entry("-Djavax.net.ssl.trustStore=", Kind.PATH),
            Map.entry("-Djavax.net.ssl.keyStore=", Kind.PATH),
            Map.entry("-Xlog:", Kind.LOG),
            Map.entry("-XX:StartFlightRecording", Kind.JFR),
            Map.entry("-XX:FlightRecorderOptions", Kind.JFR));

    private PathOptions() {
    }

    /** Whether a value of this kind names a file relative to the working directory. */
    static boolean relative(Kind kind, String value) {
        switch (kind) {
            case PATH:
                return !value.startsWith("/");
            case LIST:
                return relativeEntry(value);
            case AGENT: {
                int eq = value.indexOf('=');
                return !(eq < 0 ? value : value.substring(0, eq)).startsWith("/");
            }
            case PATCH: {
                int eq = value.indexOf('=');
                return eq < 0 || relativeEntry(value.substring(eq + 1));
            }
            case PROPERTY_FILE:
                return !(value.startsWith("=") ? value.substring(1) : value).startsWith("/");
            case LOG:
                return relativeLogOutput(value);
            default:
                return relativeJfr(value);
        }
    }

    /** A ':'-list with an entry that is empty or relative. */
    static boolean relativeEntry(String list) {
        for (String entry : list.split(":", -1)) {
            if (!entry.startsWith("/")) {
                return true;
            }
        }
        return false;
    }

    /** -Xlog:WHAT:OUTPUT[:...]: an OUTPUT that is a file (file=NAME or NAME) given relative. */
    private static boolean relativeLogOutput(String value) {
        if (value.indexOf('"') >= 0) {
            return true; // quoted output names may hold ':'; not worth splitting exactly
        }
        String[] parts = value.split(":", -1);
        if (parts.length < 2) {
            return false;
        }
        String output = parts[1].startsWith("file=") ? parts[1].substring("file=".length()) : parts[1];
        return !output.isEmpty() && !output.equals("stdout") && !output.equals("stderr") && !output.startsWith("/");
    }

    /** -XX:StartFlightRecording[:=]k=v,...: a file-naming key given a relative value. */
    private static boolean relativeJfr(String value) {
        for (String option : value.substring(value.isEmpty() ? 0 : 1).split(",", -1)) {
            for (String key : List.of("filename=", "repository=", "dumppath=", "settings=")) {
                if (option.startsWith(key) && !option.substring(key.length()).startsWith("/")) {
                    return true;
                }
            }
        }
        return false;
    }
}
