package org.jprefork.launcher;

import java.util.Map;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.EngineException;
import org.jprefork.protocol.ProtocolVersion;
import org.jprefork.rundir.RunDir;
import picocli.CommandLine.IVersionProvider;

/** {@code jprefork --version}: the versions, and the engine a new pool for {@code java} would use. */
public final class Versions implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return new String[] {"jprefork " + (v == null ? "(development build)" : v)
                + ", protocol " + ProtocolVersion.CURRENT.code(), engineLine(System.getenv())};
    }

    /** "engine: NAME (why)" for the java on PATH, as a new pool would choose it now. */
    static String engineLine(Map<String, String> env) {
        try {
            RunDir runDir = RunDir.locate(env);
            EngineChoice c = EngineChoice.choose(null, "java", env, new JpreforkHome(env).criuCandidates(),
                    runDir.path().resolve("criu-check"));
            return "engine: " + c.kind().word() + " (" + c.reason() + ")";
        } catch (EngineException | java.io.IOException | RuntimeException e) {
            return "engine: none usable (" + e.getMessage() + ")";
        }
    }
}
