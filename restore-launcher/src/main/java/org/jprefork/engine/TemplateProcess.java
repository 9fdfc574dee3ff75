package org.jprefork.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A template JVM, started so that it can be checkpointed: alone in a new PID namespace whose
 * init it is, as a session leader (criu dumps whole namespaces and sessions), with stdin
 * /dev/null, the control pipe on fd 3 (the write end is {@link #releaseHandle()}), and stdout and
 * stderr on one pipe whose output the manager copies to the first caller's stderr.
 */
public final class TemplateProcess {
    /** The descriptor on which the template finds its control pipe. */
    public static final int CONTROL_FD = 3;

    private final Process launcher;

    private TemplateProcess(Process launcher) {
        this.launcher = launcher;
    }

    public static TemplateProcess start(TemplateSpec spec, Path socket, List<String> args,
                                        Map<String, String> env, Path cwd) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                "unshare", "--pid", "--fork", "--kill-child",
                "setsid",
                "/bin/sh", "-c", "exec \"$@\" " + CONTROL_FD + "<&0 </dev/null", "jprefork-template"));
        cmd.addAll(spec.templateCommand("fd=" + CONTROL_FD + ",socket=" + socket, args,
                JdkRelease.featureVersion(spec.java(), env)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(Files.isDirectory(cwd) ? cwd.toFile() : new java.io.File("/"));
        return new TemplateProcess(pb.start());
    }

    /** The pid of the {@code unshare} process; the JVM is its only child. */
    public long launcherPid() {
        return launcher.pid();
    }

    /** The template's stdout and stderr, merged. */
    public InputStream output() {
        return launcher.getInputStream();
    }

    /** Closing it releases the parked template. */
    public OutputStream releaseHandle() {
        return launcher.getOutputStream();
    }

    public Process process() {
        return launcher;
    }
}
