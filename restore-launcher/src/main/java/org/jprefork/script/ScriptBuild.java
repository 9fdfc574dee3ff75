package org.jprefork.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jprefork.protocol.JavaCommandLine;

/**
 * A script made ready to run: compiled classes, its main class, the resolved jars and its
 * //JAVA_OPTIONS.
 *
 * @param classes     the compiled classes (a directory in the build cache; never changes)
 * @param mainClass   the script's first top-level class, as source mode runs it
 * @param jars        the //DEPS jars with everything they need, in class path order
 * @param javaOptions the //JAVA_OPTIONS words
 * @param watched     files whose change makes this build stale: every source file and jar
 */
public record ScriptBuild(Path classes, String mainClass, List<Path> jars, List<String> javaOptions,
                          List<Path> watched) {

    /** Source-mode options that mean nothing to a JVM running compiled classes. */
    private static final Set<String> CLASS_PATH_OPTIONS = Set.of("-cp", "-classpath", "--class-path");

    /**
     * The java command line that runs this build instead of the source file: //JAVA_OPTIONS
     * first (so the caller's own options win), then the caller's options with the class path
     * extended by the classes and jars and {@code --source} dropped, then the main class.
     */
    public JavaCommandLine commandLine(JavaCommandLine original) {
        List<String> options = new ArrayList<>(javaOptions);
        String userCp = original.classPath().orElse(null);
        List<String> in = original.options();
        for (int i = 0; i < in.size(); i++) {
            String o = in.get(i);
            if (CLASS_PATH_OPTIONS.contains(o) || o.equals("--source")) {
                i++;
            } else if (!o.startsWith("--class-path=") && !o.startsWith("--source=")) {
                options.add(o);
            }
        }
        List<String> cp = new ArrayList<>();
        cp.add(classes.toString());
        if (userCp != null && !userCp.isEmpty()) {
            cp.add(userCp);
        }
        jars.forEach(j -> cp.add(j.toString()));
        options.add("-cp");
        options.add(String.join(":", cp));
        return new JavaCommandLine(options, new JavaCommandLine.Program(JavaCommandLine.Form.MAIN_CLASS, mainClass),
                original.args());
    }

    /**
     * javac options implied by the caller's java options, as source mode passes them on:
     * {@code --source N} as {@code --release N}, preview, modules and exports.
     */
    static List<String> compileOptionsOf(JavaCommandLine command) {
        Set<String> withValue = Set.of("--add-modules", "--add-exports", "--limit-modules", "-p", "--module-path",
                "--upgrade-module-path", "--patch-module");
        List<String> out = new ArrayList<>();
        List<String> in = command.options();
        for (int i = 0; i < in.size(); i++) {
            String o = in.get(i);
            if (o.equals("--source") && i + 1 < in.size()) {
                out.add("--release");
                out.add(in.get(++i));
            } else if (o.startsWith("--source=")) {
                out.add("--release=" + o.substring("--source=".length()));
            } else if (o.equals("--enable-preview")) {
                out.add(o);
            } else if (withValue.contains(o) && i + 1 < in.size()) {
                out.add(o);
                out.add(in.get(++i));
            } else if (withValue.stream().anyMatch(w -> o.startsWith(w + "="))) {
                out.add(o);
            }
        }
        if (out.contains("--enable-preview") && out.stream().noneMatch(o -> o.startsWith("--release"))) {
            out.add("--release");
            out.add(Integer.toString(Runtime.version().feature()));
        }
        return out;
    }
}
