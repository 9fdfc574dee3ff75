package org.jprefork.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.BundledAgentException;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.EngineKind;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.FirstCall;
import org.jprefork.launcher.JpreforkHome;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;
import org.jprefork.script.ScriptBuild;
import org.jprefork.script.ScriptException;
import org.jprefork.script.ScriptPreparer;

/**
 * A call when no pool answers: it runs the program itself, as plain java, so that it costs what
 * plain java costs; a pool is built after it, in the background, only when it has ended having
 * reached initialisationComplete (a tool, {@code --checkpoint-at=main}: whenever it ran). A
 * program that cannot call the API ({@link ProgramScan}) runs as given, without any of that. Bad
 * input (a missing file, an unknown class or option) gets java's own answer, and no pool.
 */
final class NoPoolCall {
    private final ProgramSpec spec;
    private final Map<String, String> env;
    private final Path cwd;
    private final JpreforkHome home;
    private final RunDir runDir;
    private final String ident;
    private final TemplateSpec template;
    private final List<String> words;

    /** {@code words}: jprefork's command line (after the #! comma form), for the pool build. */
    NoPoolCall(ProgramSpec spec, Map<String, String> env, Path cwd, JpreforkHome home, RunDir runDir, String ident,
               TemplateSpec template, List<String> words) {
        this.spec = spec;
        this.env = env;
        this.cwd = cwd;
        this.home = home;
        this.runDir = runDir;
        this.ident = ident;
        this.template = template;
        this.words = words;
    }

    int run(String engineWord) throws IOException {
        if (engineWord != null || env.containsKey(EngineChoice.ENV)) {
            // An engine asked for is checked now: one that cannot run here is this call's error.
            try {
                EngineChoice choice = EngineChoice.choose(engineWord, spec.java(), env, home.criuCandidates(),
                        runDir.path().resolve("criu-check"));
                if (choice.kind() == EngineKind.NONE) {
                    return runPlain();
                }
            } catch (EngineException e) {
                System.err.println("jprefork: " + e.getMessage());
                return ExitCodes.SERVER_FAILED;
            } catch (IllegalArgumentException e) {
                System.err.println("jprefork: " + EngineChoice.ENV + ": " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        TemplateSpec prepared = prepare();
        if (prepared == null) {
            return lastStatus;
        }
        List<String> args = spec.command().args();
        if (spec.tool() == null) {
            ProgramScan.Verdict verdict = ProgramScan.scan(prepared.command(), cwd, env);
            if (!verdict.mayCall()) {
                Hint.maybe(runDir, ident, spec);
                return PlainRun.run(prepared.asGivenCommand(args), env);
            }
            try {
                prepared = prepared.withOwnAgentFirst();
            } catch (BundledAgentException e) {
                // As its pool would (GenerationSpec): one warning, then plain java.
                System.err.println("jprefork: warning: running without acceleration: " + e.getMessage());
                int status = PlainRun.run(prepared.plainCommand(args), env);
                try (FileLock lock = FileLock.tryAcquire(runDir.lock(ident))) {
                    if (lock != null) {
                        PoolBuild.spawn(runDir, ident, words); // a pool that runs every call plain, quietly
                    }
                }
                return status;
            }
        }
        FileLock lock = FileLock.tryAcquire(runDir.lock(ident));
        if (lock == null) {
            // Another call is building this pool: this one runs as plain java meanwhile.
            return PlainRun.run(command(prepared, null, args), env);
        }
        try (lock) {
            Path marker = spec.tool() == null
                    ? runDir.path().resolve(ident + ".reached-" + ProcessHandle.current().pid()) : null;
            int status = PlainRun.run(command(prepared, marker, args), env);
            if (marker == null || Files.deleteIfExists(marker)) {
                // Started while this call holds the lock, which the build waits for: no other
                // call starts a build in between.
                PoolBuild.spawn(runDir, ident, words);
            }
            return status;
        }
    }

    /** Runs the program as plain java (the agent only puts Prefork on its class path). */
    int runPlain() throws IOException {
        TemplateSpec prepared = prepare();
        return prepared == null ? lastStatus : PlainRun.run(prepared.plainCommand(spec.command().args()), env);
    }

    /** A tool runs as given (plain java); a program that may call, in the first-call mode. */
    private List<String> command(TemplateSpec prepared, Path marker, List<String> args) {
        return spec.tool() != null ? prepared.asGivenCommand(args)
                : with(prepared.localCommand(FirstCall.agentArgs(marker == null ? null : marker.toString())), args);
    }

    private int lastStatus;

    /**
     * What runs: a script's build (prepared now: a cache look-up once built), a {@code #!}
     * script's copy, or the command line as given; null (with {@link #lastStatus} set) when a
     * script cannot be prepared.
     */
    private TemplateSpec prepare() throws IOException {
        TemplateSpec given = template.withClassPathInEffect(env);
        ScriptBuild build;
        try {
            build = new ScriptPreparer(spec.java(), given.command(), cwd, env, given.agentJar(), home.cacheDir())
                    .prepare(2);
        } catch (ScriptException e) {
            if (e.getMessage() != null) {
                System.err.println("jprefork: " + e.getMessage());
            }
            lastStatus = e.exitCode();
            return null;
        }
        return build == null ? given.prepared(runDir.poolDir(ident).resolve("src"))
                : given.withCommand(build.commandLine(given.command()));
    }

    private static List<String> with(List<String> command, List<String> args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(args);
        return all;
    }
}
