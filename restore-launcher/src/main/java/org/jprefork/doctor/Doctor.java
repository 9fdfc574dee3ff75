package org.jprefork.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.launcher.JpreforkHome;

/** {@code jprefork doctor}: what works here for jprefork, and how to fix what does not. */
public final class Doctor {
    private final Map<String, String> env;
    private final JpreforkHome home;
    private boolean criuUsable;

    public Doctor(Map<String, String> env, JpreforkHome home) {
        this.env = env;
        this.home = home;
    }

    /** Runs every check, in the order a user would fix things. */
    public List<Finding> run() {
        List<Finding> out = new ArrayList<>();
        out.add(SystemDiagnosis.kernel());
        Finding privileges = SystemDiagnosis.privileges();
        out.add(privileges);
        out.add(SystemDiagnosis.tools(env));
        CriuDiagnosis.Result criu = CriuDiagnosis.check(home.criuCandidates(),
                privileges.verdict() == Finding.Verdict.OK);
        out.addAll(criu.findings());
        criuUsable = criu.usable();
        out.add(engine());
        out.addAll(JdkDiagnosis.check(env, Path.of("/usr/lib/jvm")));
        out.add(RunDirDiagnosis.check(env, uid()));
        return out;
    }

    /** Which engine a new pool for the java on PATH would use, and why. */
    private Finding engine() {
        try {
            org.jprefork.rundir.RunDir runDir = org.jprefork.rundir.RunDir.locate(env);
            org.jprefork.engine.EngineChoice c = org.jprefork.engine.EngineChoice.choose(null, "java", env,
                    home.criuCandidates(), runDir.path().resolve("criu-check"));
            return Finding.info("engine", c.kind().word() + " (" + c.reason() + ")");
        } catch (org.jprefork.engine.EngineException | java.io.IOException | RuntimeException e) {
            return Finding.info("engine", "cannot tell: " + e.getMessage());
        }
    }

    /** Whether a criu passed its check (the exit status of jprefork doctor); valid after {@link #run}. */
    public boolean criuUsable() {
        return criuUsable;
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
