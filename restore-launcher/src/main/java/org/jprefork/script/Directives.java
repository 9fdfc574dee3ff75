package org.jprefork.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jprefork.protocol.ShellWords;

/**
 * The JBang directives of one source file: comment lines that begin at column 0 with
 * {@code //NAME}, anywhere in the file, as JBang reads them. Supported: {@code //DEPS},
 * {@code //SOURCES}, {@code //JAVA_OPTIONS} (and its JBang synonym {@code //RUNTIME_OPTIONS}),
 * {@code //COMPILE_OPTIONS} (and {@code //JAVAC_OPTIONS}). Directives that would change what
 * runs but are not supported give a note; descriptive ones ({@code //JAVA}, {@code //DESCRIPTION}
 * ...) and unknown words ({@code //TODO}) are ignored.
 *
 * @param deps           artifacts, in file order
 * @param sources        file names or globs, relative to the file's directory
 * @param javaOptions    JVM options, split as a shell splits words (no expansion)
 * @param compileOptions javac options, split likewise
 * @param notes          one line each: unsupported directives
 */
public record Directives(List<Dep> deps, List<Source> sources, List<String> javaOptions,
                         List<String> compileOptions, List<String> notes) {

    /** A //DEPS item and where it was written ({@code file:line}). */
    public record Dep(Coordinate coordinate, String where) {
    }

    /** A //SOURCES item and where it was written. */
    public record Source(String pattern, String where) {
    }

    /** JBang's directive line, after the leading {@code //}: NAME, value, optional {@code // comment}. */
    private static final Pattern LINE = Pattern.compile("([A-Z_]+)(?:\\s+(.*?))?(?:\\s//\\s.*)?");
    /** JBang's list items: separated by blanks, commas or semicolons; quotes keep them together. */
    private static final Pattern ITEM = Pattern.compile("[^\\s;,\"']+|\"([^\"]*)\"|'([^']*)'");
    private static final Set<String> NOTED = Set.of("REPOS", "MAIN", "MODULE", "JAVAAGENT", "PREVIEW", "FILES");

    public Directives {
        deps = List.copyOf(deps);
        sources = List.copyOf(sources);
        javaOptions = List.copyOf(javaOptions);
        compileOptions = List.copyOf(compileOptions);
        notes = List.copyOf(notes);
    }

    /** Whether the file needs more than the java launcher's source mode: any supported directive. */
    public boolean any() {
        return !deps.isEmpty() || !sources.isEmpty() || !javaOptions.isEmpty() || !compileOptions.isEmpty();
    }

    /**
     * Reads the directives of a file's text; {@code name} is how messages name the file.
     *
     * @throws ScriptException for a malformed directive, naming the file and line
     */
    public static Directives parse(String name, String text) throws ScriptException {
        List<Dep> deps = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        List<String> javaOptions = new ArrayList<>();
        List<String> compileOptions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("//")) {
                continue;
            }
            Matcher m = LINE.matcher(lines[i].substring(2));
            if (!m.matches()) {
                continue;
            }
            String directive = m.group(1);
            String value = m.group(2) == null ? "" : m.group(2).trim();
            String where = name + ":" + (i + 1);
            switch (directive) {
                case "DEPS" -> {
                    for (String item : items(value)) {
                        try {
                            deps.add(new Dep(Coordinate.parse(item), where));
                        } catch (IllegalArgumentException e) {
                            throw new ScriptException(where + ": //DEPS " + e.getMessage());
                        }
                    }
                }
                case "SOURCES" -> items(value).forEach(s -> sources.add(new Source(s, where)));
                case "JAVA_OPTIONS", "RUNTIME_OPTIONS" -> javaOptions.addAll(words(value, directive, where));
                case "COMPILE_OPTIONS", "JAVAC_OPTIONS" -> compileOptions.addAll(words(value, directive, where));
                default -> {
                    if (NOTED.contains(directive)) {
                        notes.add(where + ": //" + directive + " is not supported by jprefork; ignored");
                    }
                }
            }
        }
        return new Directives(deps, sources, javaOptions, compileOptions, notes);
    }

    /** The items of a //DEPS or //SOURCES value. */
    static List<String> items(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = ITEM.matcher(value);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group());
        }
        return out;
    }

    private static List<String> words(String value, String directive, String where) throws ScriptException {
        try {
            return ShellWords.split(value);
        } catch (IllegalArgumentException e) {
            throw new ScriptException(where + ": //" + directive + ": " + e.getMessage());
        }
    }
}
