package org.jprefork.script;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jprefork.protocol.JavaCommandLine;

/**
 * The preparation process: {@code PrepareMain AGENT_JAR CACHE_DIR JAVA WORDS...},
 * run on the interpreter's JDK in the caller's directory and environment. Resolves the //DEPS
 * and compiles the sources into the {@link ScriptCache}, printing notes, compile errors and
 * one-line failures on stderr, and the name of each slow step as a line on stdout (the caller
 * shows it as progress on a terminal).
 * Exit 0 when the build is in the cache, {@link #FAILED} when not (the reason is on stderr).
 */
public final class PrepareMain {
    /** The script cannot be built; stderr says why. */
    static final int FAILED = 1;

    private PrepareMain() {
    }

    public static void main(String[] argv) {
        PrintStream err = System.err;
        if (argv.length < 4) {
            err.println("usage: PrepareMain AGENT_JAR CACHE_DIR JAVA WORDS...");
            System.exit(2);
        }
        List<String> words = Arrays.asList(argv).subList(3, argv.length);
        ScriptPreparer preparer = new ScriptPreparer(argv[2], JavaCommandLine.parse(words),
                Path.of(System.getProperty("user.dir")), System.getenv(), Path.of(argv[0]), Path.of(argv[1]));
        try {
            build(preparer, err);
        } catch (ScriptException e) {
            if (e.getMessage() != null) {
                err.println("jprefork: " + e.getMessage());
            }
            err.flush();
            System.exit(FAILED);
        } catch (IOException | RuntimeException e) {
            err.println("jprefork: " + preparer.command().program().target() + ": cannot prepare the script: " + e);
            err.flush();
            System.exit(FAILED);
        }
        System.exit(0);
    }

    private static void build(ScriptPreparer preparer, PrintStream err)
            throws ScriptException, IOException {
        ScriptProject project = preparer.project();
        if (project == null) {
            return;
        }
        String name = project.files().get(0).name();
        project.notes().forEach(n -> err.println("jprefork: note: " + n));
        ScriptCache cache = new ScriptCache(preparer.cacheDir());
        List<Directives.Dep> deps = ScriptPreparer.deps(project);
        List<Path> jars = List.of();
        if (!deps.isEmpty()) {
            String depsKey = preparer.depsKey(deps);
            jars = cache.jars(depsKey);
            if (jars == null) {
                step("resolving " + deps.size() + (deps.size() == 1 ? " dependency" : " dependencies") + " of " + name);
                jars = DependencyResolver.resolve(deps, preparer.env());
                cache.putJars(depsKey, jars);
            }
        }
        String key = preparer.buildKey(project, jars);
        if (cache.classes(key) != null) {
            return;
        }
        step("compiling " + name + (project.files().size() > 1
                ? " and " + (project.files().size() - 1) + " more source file" + (project.files().size() > 2 ? "s" : "")
                : ""));
        Path tmp = cache.newBuild();
        try {
            List<String> options = new java.util.ArrayList<>(ScriptBuild.compileOptionsOf(preparer.command()));
            options.addAll(project.compileOptions());
            String main = ScriptCompiler.compile(project, preparer.compileClassPath(jars), options,
                    tmp.resolve("classes"), err);
            cache.commit(tmp, key, main);
        } finally {
            ScriptCache.delete(tmp);
        }
    }

    /** Names a slow step for the caller's progress line. */
    private static void step(String what) {
        System.out.println(what);
        System.out.flush();
    }
}
