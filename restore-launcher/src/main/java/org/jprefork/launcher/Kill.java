package org.jprefork.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jprefork.client.ProgramSpec;
import org.jprefork.client.Pools;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;

/** {@code --kill}: stops the program's pool manager (its running calls finish first). */
final class Kill {
    private Kill() {
    }

    static int run(ProgramSpec spec, Map<String, String> env, Path cwd) throws IOException {
        RunDir runDir = RunDir.locate(env);
        String ident = spec.ident(env, cwd);
        // A pool being built (after a call that ran the program itself) is stopped once it is up.
        try (FileLock lock = Pools.awaitLock(runDir, ident)) {
            Pools.stop(runDir, ident);
        }
        return 0;
    }
}
