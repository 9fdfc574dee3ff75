package org.jprefork.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The words given to the {@code java} launcher, split the way the launcher splits them:
 * launcher options, the program ({@code MainClass}, {@code -jar app.jar}, {@code Script.java},
 * or {@code -m module[/class]}), then the program's own arguments.
 *
 * @param options  launcher and JVM options, in order (including the class path option)
 * @param program  what runs
 * @param args     the program's arguments
 */
public record JavaCommandLine(List<String> options, Program program, List<String> args) {

    /** The forms a java program takes on the command line. */
    public enum Form { MAIN_CLASS, JAR, SOURCE_FILE, MODULE }

    /** What runs: its form and its word (class name, jar path, source path or module). */
    public record Program(Form form, String target) {
        /** The program as launcher words. */
        public List<String> words() {
            return switch (form) {
                case JAR -> List.of("-jar", target);
                case MODULE -> List.of("-m", target);
                default -> List.of(target);
            };
        }
    }

    /** Launcher options whose value is the next word. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of(
            "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
            "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
            "--patch-module", "--source", "--enable-native-access");

    private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

    public JavaCommandLine {
        options = List.copyOf(options);
        args = List.copyOf(args);
    }

    /**
     * Splits launcher words (everything after the {@code java} executable).
     *
     * @throws IllegalArgumentException with a one-line message when no program is named
     */
    public static JavaCommandLine parse(List<String> words) {
        int i = 0;
        boolean sourceMode = false;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("-jar") || w.equals("-m") || w.equals("--module")) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(w + " needs a value");
                }
                Form form = w.equals("-jar") ? Form.JAR : Form.MODULE;
                return new JavaCommandLine(words.subList(0, i), new Program(form, words.get(i + 1)),
                        words.subList(i + 2, words.size()));
            }
            if (w.startsWith("--module=")) {
                return new JavaCommandLine(words.subList(0, i),
                        new Program(Form.MODULE, w.substring("--module=".length())),
                        words.subList(i + 1, words.size()));
            }
            if (!w.startsWith("-")) {
                Form form = sourceMode || w.toLowerCase(Locale.ROOT).endsWith(".java")
                        ? Form.SOURCE_FILE : Form.MAIN_CLASS;
                return new JavaCommandLine(words.subList(0, i), new Program(form, w),
                        words.subList(i + 1, words.size()));
            }
            if (w.equals("--source") || w.startsWith("--source=")) {
                sourceMode = true;
            }
            if (OPTIONS_WITH_VALUE.contains(w)) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException(w + " needs a value");
                }
                i += 2;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException(
                "no program given to java: expected Script.java, MainClass, -jar app.jar or -m module");
    }

    /** The class path given with -cp, -classpath or --class-path (the last one wins, as in java). */
    public Optional<String> classPath() {
        String cp = null;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if (CLASS_PATH_OPTIONS.contains(o) && i + 1 < options.size()) {
                cp = options.get(i + 1);
                i++;
            } else if (o.startsWith("--class-path=")) {
                cp = o.substring("--class-path=".length());
            }
        }
        return Optional.ofNullable(cp);
    }

    /** Options and program: the words that identify what runs (arguments excluded). */
    public List<String> programWords() {
        List<String> all = new java.util.ArrayList<>(options);
        all.addAll(program.words());
        return all;
    }
}
