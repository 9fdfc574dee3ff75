package org.jprefork.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a program can observe the working directory it is started in, before any call reaches
 * it: then the directory is part of its pool's ident (docs/protocol.md, "Ident", has the rule
 * this class implements; the native client implements it too). Otherwise calls from any
 * directory share one pool, each call still running in its own directory.
 *
 * <p>The directory is observable when a file the JVM opens at start-up, or a path it shows the
 * program as given ({@code java.class.path}, {@code jdk.module.path}, the input arguments), is
 * relative to it: a relative class path or module path entry, jar, source file, agent, boot
 * class path entry, log or archive file, among the launcher words and the words of the JVM's
 * option variables; the default class path {@code .} of a main class given no class path; a
 * relative entry of {@code CLASSPATH} where it applies, or of {@code LD_LIBRARY_PATH},
 * {@code LD_PRELOAD} or {@code LD_AUDIT}.
 */
public final class WorkingDirectoryUse {
    private WorkingDirectoryUse() {
    }

    /** Whether the working directory is observable (see the class comment). */
    public static boolean observable(JavaCommandLine command, Map<String, String> env) {
        return reason(command, env) != null;
    }

    /** What makes the working directory observable, for logs and tests; null when nothing does. */
    public static String reason(JavaCommandLine command, Map<String, String> env) {
        JavaCommandLine.Form form = command.program().form();
        if ((form == JavaCommandLine.Form.SOURCE_FILE || form == JavaCommandLine.Form.JAR)
                && !command.program().target().startsWith("/")) {
            return "the program " + command.program().target() + " is given relative";
        }
        String why = inWords(command.options(), "the launcher word ");
        if (why != null) {
            return why;
        }
        for (String variable : JvmOptionWords.VARIABLES) {
            String value = env.get(variable);
            if (value == null) {
                continue;
            }
            List<String> words = JvmOptionWords.split(value);
            if (words == null) {
                return variable + " has an unmatched quote";
            }
            why = inWords(words, variable + "'s word ");
            if (why != null) {
                return why;
            }
        }
        if (!classPathGiven(command, env) && form != JavaCommandLine.Form.JAR) {
            String classpath = env.get("CLASSPATH");
            if (classpath != null) {
                if (PathOptions.relativeEntry(classpath)) {
                    return "CLASSPATH has a relative entry";
                }
            } else if (form == JavaCommandLine.Form.MAIN_CLASS) {
                return "no class path is given: java searches the working directory";
            }
        }
        for (String variable : List.of("LD_LIBRARY_PATH", "LD_PRELOAD", "LD_AUDIT")) {
            String value = env.get(variable);
            if (value != null && relativeLoaderEntry(variable, value)) {
                return variable + " has a relative entry";
            }
        }
        return null;
    }

    /**
     * Whether a class path is given among the launcher words or JDK_JAVA_OPTIONS (-cp,
     * -classpath, --class-path, -Djava.class.path): else java takes CLASSPATH, or {@code .}. The
     * JVM's own variables do not count: the launcher's default overrides JAVA_TOOL_OPTIONS.
     */
    public static boolean classPathGiven(JavaCommandLine command, Map<String, String> env) {
        if (givesClassPath(command.options())) {
            return true;
        }
        String jdk = env.get("JDK_JAVA_OPTIONS");
        List<String> words = jdk == null ? null : JvmOptionWords.split(jdk);
        return words != null && givesClassPath(words);
    }

    private static boolean givesClassPath(List<String> words) {
        for (String w : words) {
            if (w.equals("-cp") || w.equals("-classpath") || w.equals("--class-path")
                    || w.startsWith("--class-path=") || w.startsWith("-Djava.class.path=")) {
                return true;
            }
        }
        return false;
    }

    /** The first word whose path value is relative, described; null when none is. */
    private static String inWords(List<String> words, String what) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            PathOptions.Kind next = PathOptions.NEXT_WORD.get(w);
            if (next != null) {
                if (i + 1 < words.size() && PathOptions.relative(next, words.get(i + 1))) {
                    return what + w + " " + words.get(i + 1) + " names a relative path";
                }
                i++;
                continue;
            }
            for (Map.Entry<String, PathOptions.Kind> p : PathOptions.PREFIXES) {
                if (w.startsWith(p.getKey())) {
                    if (PathOptions.relative(p.getValue(), w.substring(p.getKey().length()))) {
                        return what + w + " names a relative path";
                    }
                    break;
                }
            }
        }
        return null;
    }

    /** LD_LIBRARY_PATH: ':' entries, empty meaning '.'; LD_PRELOAD, LD_AUDIT: ':' or blank separated. */
    private static boolean relativeLoaderEntry(String variable, String value) {
        if (variable.equals("LD_LIBRARY_PATH")) {
            return PathOptions.relativeEntry(value);
        }
        List<String> entries = new ArrayList<>(List.of(value.split("[: \t]", -1)));
        entries.removeIf(String::isEmpty);
        return entries.stream().anyMatch(e -> !e.startsWith("/"));
    }
}
