package org.jprefork.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jprefork.rundir.RunDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the management commands (status, kill, fresh, gc, logs, doctor) share: the caller's environment
 * and working directory (replaceable by tests), the run dir, and usage errors that picocli turns
 * into one line and exit status 2.
 */
abstract class ManagementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    Map<String, String> env = org.jprefork.client.CallerEnvironment.of(System.getenv());
    Path cwd = Path.of(System.getProperty("user.dir"));

    RunDir runDir() throws IOException {
        return RunDir.locate(env);
    }

    /**
     * The ident that a command's words name (a call's words, or SCRIPT|IDENT); a usage error
     * when they name none.
     */
    String ident(List<String> words) throws IOException {
        try {
            return PoolTarget.resolve(words, runDir(), env, cwd);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
