package org.jprefork.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jprefork.client.ProgramSpec;
import org.jprefork.client.Pools;
import org.jprefork.rundir.RunDir;

/** {@code --kill}: stops the program's pool manager (its running calls finish first). */
final class Kill {
    private Kill() {
    }

    static int run(ProgramSpec spec, Map<String, String> env, Path cwd) throws IOException {
        RunDir runDir = RunDir.locate(env);
        Pools.stop(runDir, spec.ident(env, cwd));
        return 0;
    }
}
