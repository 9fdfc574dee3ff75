package org.jprefork.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jprefork.engine.ClassPathEntries;
import org.jprefork.internal.unix.Posix;
import org.jprefork.progress.Progress;
import org.jprefork.protocol.JavaCommandLine;

/**
 * Makes a Java source program with JBang directives ready to run. The light part runs in the
 * calling process (the pool manager, or the client for a plain run): it reads the directives and
 * looks the build up in the {@link ScriptCache}. Resolving and compiling run in a short-lived
 * child JVM of the interpreter's JDK ({@link PrepareMain}): Maven Resolver and javac need far
 * more memory than the manager's small heap and would stay loaded in it, the classes must come
 * from the JDK that runs them, and a child can be killed at a deadline whatever it waits for.
 *
 * @param java     the interpreter as the caller named it
 * @param command  the caller's java command line
 * @param cwd      the caller's working directory (the script's path is relative to it)
 * @param env      the caller's environment (PATH, the local repository, the cache directory)
 * @param agentJar jprefork's agent, which scripts compile against (and which replaces its own
 *                 artifact in //DEPS)
 * @param cacheDir jprefork's cache directory
 */
public record ScriptPreparer(String java, JavaCommandLine command, Path cwd, Map<String, String> env, Path agentJar,
                             Path cacheDir) {
    /** Resolving and compiling end within this, whatever the network does. */
    static final long DEADLINE_MINUTES = 10;

    /**
     * The build to run, or null when the program is not a source file with directives (the
     * java launcher's source mode runs it as it is).
     *
     * @param stderrFd the caller's stderr: progress (on a terminal), notes and errors go there
     * @throws ScriptException when the script cannot be made ready; its message (if not null)
     *                         is for the caller's stderr
     */
    public ScriptBuild prepare(int stderrFd) throws ScriptException, IOException {
        ScriptProject project = project();
        if (project == null) {
            return null;
        }
        ScriptBuild build = lookup(project);
        if (build != null) {
            return build;
        }
        runPreparation(stderrFd);
        build = lookup(project);
        if (build == null) {
            throw new ScriptException(project.files().get(0).name() + ": the build did not appear in " + cacheDir);
        }
        return build;
    }

    /** The script and its sources, or null when this is not a source program with directives. */
    ScriptProject project() throws ScriptException, IOException {
        if (command.program().form() != JavaCommandLine.Form.SOURCE_FILE) {
            return null;
        }
        String name = command.program().target();
        Path script = cwd.resolve(name);
        if (!Files.isRegularFile(script)) {
            return null; // the java launcher says so, as it would without jprefork
        }
        ScriptProject project = ScriptProject.load(script, name);
        return project.needsBuild() ? project : null;
    }

    /** //DEPS without jprefork's own agent, which is on every program's class path already. */
    static List<Directives.Dep> deps(ScriptProject project) {
        return project.deps().stream().filter(d -> !d.coordinate().isJpreforkAgent()).toList();
    }

    String depsKey(List<Directives.Dep> deps) {
        List<String> parts = new ArrayList<>(List.of("deps-1", DependencyResolver.remoteUrl(env),
                DependencyResolver.localRepository(env).toString()));
        deps.forEach(d -> parts.add(d.coordinate().toString()));
        return ScriptCache.key(parts);
    }

    /**
     * javac's class path: the caller's -cp, the jars, the agent. A {@code dir/*} entry is
     * expanded to the jars in it here: the java launcher does that, javac's API does not.
     */
    List<String> compileClassPath(List<Path> jars) throws IOException {
        List<String> cp = new ArrayList<>();
        ClassPathEntries.expand(command.classPath().orElse(""), cwd).forEach(e -> cp.add(e.toString()));
        jars.forEach(j -> cp.add(j.toString()));
        cp.add(agentJar.toString());
        return cp;
    }

    String buildKey(ScriptProject project, List<Path> jars) throws IOException {
        List<String> parts = new ArrayList<>(List.of("build-1", jdkIdentity()));
        for (ScriptProject.SourceFile f : project.files()) {
            parts.add(f.name());
            parts.add(f.path().toString());
            parts.add(f.text());
        }
        for (String entry : compileClassPath(jars)) {
            parts.add(ScriptCache.stamp(Path.of(entry)));
        }
        parts.add("options");
        parts.addAll(command.options());
        parts.add("compile-options");
        parts.addAll(project.compileOptions());
        return ScriptCache.key(parts);
    }

    /** The cached build, or null when something is missing. */
    ScriptBuild lookup(ScriptProject project) throws IOException {
        ScriptCache cache = new ScriptCache(cacheDir);
        List<Directives.Dep> deps = deps(project);
        List<Path> jars = deps.isEmpty() ? List.of() : cache.jars(depsKey(deps));
        if (jars == null) {
            return null;
        }
        String key = buildKey(project, jars);
        Path classes = cache.classes(key);
        if (classes == null) {
            return null;
        }
        List<Path> watched = new ArrayList<>(project.paths());
        watched.addAll(jars);
        return new ScriptBuild(classes, cache.mainClass(key), jars, project.javaOptions(), watched);
    }

    /** The interpreter's JDK: its real path and its modules image's size and time (an upgrade changes them). */
    String jdkIdentity() throws IOException {
        Path exe = org.jprefork.engine.Executables.find(java, env);
        if (exe == null) {
            throw new IOException("interpreter '" + java + "' not found");
        }
        Path real = exe.toRealPath();
        Path home = real.getParent() == null ? real : real.getParent().getParent();
        return real + " " + (home == null ? "" : ScriptCache.stamp(home.resolve("lib/modules")));
    }

    /**
     * Runs {@link PrepareMain} on the interpreter, its stderr copied to the caller's as it comes
     * and the steps it names on stdout shown as progress (on a terminal, until stderr speaks).
     */
    private void runPreparation(int stderrFd) throws ScriptException, IOException {
        List<String> cmd = new ArrayList<>(List.of(org.jprefork.engine.Executables.find(java, env).toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xss1m",
                "-cp", ownClassPath(), PrepareMain.class.getName(),
                agentJar.toString(), cacheDir.toString(), java));
        cmd.addAll(command.programWords());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        // The caller's JVM option variables are the program's, not this helper's.
        pb.environment().putAll(org.jprefork.client.CallerEnvironment.forJpreforkJvm(env));
        Process p = pb.start();
        try (Progress progress = Progress.start(stderrFd, "preparing " + command.program().target())) {
            Thread steps = new Thread(() -> p.inputReader().lines().forEach(progress::relabel), "prepare-steps");
            steps.setDaemon(true);
            steps.start();
            Thread relay = new Thread(() -> relay(p.getErrorStream(), stderrFd, progress), "prepare-stderr");
            relay.setDaemon(true);
            relay.start();
            try {
                if (!p.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new ScriptException(command.program().target() + ": resolving and compiling took over "
                            + DEADLINE_MINUTES + " minutes; stopped");
                }
                relay.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new ScriptException(command.program().target() + ": interrupted while preparing");
            }
        }
        if (p.exitValue() != 0) {
            throw new ScriptException(null, p.exitValue() == PrepareMain.FAILED ? ScriptException.EXIT : p.exitValue());
        }
    }

    private static void relay(InputStream in, int fd, Progress progress) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                progress.close(); // notes and errors start on a clean line, and stay readable
                Posix.get().write(fd, buf, n);
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /** jprefork's own class path (its jar), which holds PrepareMain and the resolver. */
    private static String ownClassPath() {
        return System.getProperty("java.class.path");
    }
}
