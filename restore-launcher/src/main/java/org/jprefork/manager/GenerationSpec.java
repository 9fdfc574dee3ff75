package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jprefork.engine.BundledAgentException;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.launcher.JpreforkHome;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Status;
import org.jprefork.script.ScriptBuild;
import org.jprefork.script.ScriptException;
import org.jprefork.script.ScriptPreparer;

/**
 * What a generation's templates run, decided once by its first template: a script with
 * //DEPS or //SOURCES is resolved and compiled then (in every generation anew, so that a changed
 * //DEPS line gives new dependencies on the next call) and its sources and jars are watched
 * from then on; another {@code #!} script runs from a copy; anything else as given, with
 * jprefork's agent first on a class path that carries another build of it.
 */
final class GenerationSpec {
    private GenerationSpec() {
    }

    /** @param outputFd the first caller's stderr: progress, notes and compile errors go there */
    static TemplateSpec of(Generation gen, TemplateSpec given, Path poolDir, CallRequest call, int outputFd)
            throws IOException, ScriptException, BundledAgentException {
        synchronized (gen) {
            if (gen.spec == null) {
                Charset cs = StandardCharsets.UTF_8;
                Map<String, String> env = call.envMap(cs);
                TemplateSpec spec = given.withClassPathInEffect(env);
                ScriptBuild build = new ScriptPreparer(spec.java(), spec.command(), Path.of(call.cwdString(cs)), env,
                        spec.agentJar(), new JpreforkHome(env).cacheDir()).prepare(outputFd);
                TemplateSpec prepared;
                if (build == null) {
                    prepared = spec.prepared(poolDir.resolve("src-" + gen.number));
                } else {
                    gen.buildFiles = build.watched();
                    gen.watched.add(build.watched());
                    prepared = spec.withCommand(build.commandLine(spec.command()));
                    ManagerLog.info("generation " + gen.number + ": script built: " + build.jars().size()
                            + " jars, main class " + build.mainClass());
                }
                // Plain runs of a generation that cannot be accelerated (another build of the
                // agent on a -jar's class path) run this.
                gen.spec = prepared;
                gen.spec = prepared.withOwnAgentFirst();
            }
            return gen.spec;
        }
    }

    /**
     * Tells the caller why the script cannot run (compile errors are there already), as plain
     * java would, and gives the status the call ends with.
     */
    static Status failed(Generation gen, ScriptException e, int stderrFd) {
        ManagerLog.info("generation " + gen.number + ": the script cannot be prepared"
                + (e.getMessage() == null ? " (the errors went to the caller)" : ": " + e.getMessage()));
        if (e.getMessage() != null) {
            CallerStderr.line(stderrFd, "jprefork: " + e.getMessage());
        }
        return Status.exited(e.exitCode());
    }
}
