package org.jprefork.script;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a script and its //SOURCES with the JDK this process runs on (the interpreter's, so
 * the classes suit the JVM that runs them), as the java launcher's source mode would: errors
 * name each file as the caller named it, with its own line numbers, and end with
 * {@code error: compilation failed}.
 */
final class ScriptCompiler {
    private ScriptCompiler() {
    }

    /**
     * Compiles into {@code out}; returns the main class: the first top-level class of the script,
     * as in source mode.
     *
     * @throws ScriptException with a null message when the errors were printed to {@code err}
     */
    static String compile(ScriptProject project, List<String> classPath, List<String> options, Path out,
                          PrintStream err) throws ScriptException, IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ScriptException(project.files().get(0).name() + ": this Java (" + System.getProperty("java.home")
                    + ") has no compiler; a script with //DEPS or //SOURCES needs a JDK");
        }
        List<JavaFileObject> units = new ArrayList<>();
        for (ScriptProject.SourceFile f : project.files()) {
            units.add(new Source(f));
        }
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-encoding", "UTF-8",
                "-implicit:class", "-Xlint:none", "-nowarn"));
        if (!classPath.isEmpty()) {
            args.add("--class-path");
            args.add(String.join(":", classPath));
        }
        args.addAll(options);
        StringBuilder report = new StringBuilder();
        int[] errors = {0};
        DiagnosticListener<JavaFileObject> listener = d -> {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors[0]++;
                report.append(d).append('\n');
            }
        };
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task;
            try {
                task = (JavacTask) javac.getTask(null, files, listener, args, null, units);
            } catch (IllegalArgumentException e) {
                throw new ScriptException(project.files().get(0).name() + ": //COMPILE_OPTIONS: " + e.getMessage());
            }
            String main = null;
            for (CompilationUnitTree unit : task.parse()) {
                if (main == null && unit.getSourceFile().getName().equals(project.files().get(0).name())) {
                    main = firstClass(unit);
                }
            }
            if (errors[0] == 0) {
                task.generate();
            }
            if (errors[0] > 0) {
                err.print(report);
                err.println(errors[0] + (errors[0] == 1 ? " error" : " errors"));
                err.println("error: compilation failed");
                err.flush();
                throw new ScriptException(null);
            }
            if (main == null) {
                throw new ScriptException(project.files().get(0).name() + ": no class declared in the script");
            }
            return main;
        }
    }

    private static String firstClass(CompilationUnitTree unit) {
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree c && !c.getSimpleName().isEmpty()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
                return pkg + c.getSimpleName();
            }
        }
        return null;
    }

    /** A source file under its caller-given name, with the text as read (its #! line blanked). */
    private static final class Source extends SimpleJavaFileObject {
        private final ScriptProject.SourceFile file;

        Source(ScriptProject.SourceFile file) {
            super(file.path().toUri(), Kind.SOURCE);
            this.file = file;
        }

        @Override
        public String getName() {
            return file.name();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return file.text();
        }
    }
}
