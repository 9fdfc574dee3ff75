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
 * A template JVM: a session leader (criu dumps whole sessions) with stdin /dev/null, the control
 * pipe on fd 3 (the write end is {@link #releaseHandle()}), and stdout and stderr on one pipe
 * whose output the manager copies to the first caller's stderr. For CRIU it is also alone in a
 * new PID namespace whose init it is, so that every copy can be restored with the same PIDs.
 */
public final class TemplateProcess {
    /** The descriptor on which the template finds its control pipe. */
    public static final int CONTROL_FD = 3;

    /** How the template is set apart from the manager. */
    public enum Isolation {
        /** Its own PID namespace and session (CRIU restores whole namespaces). */
        PID_NAMESPACE,
        /** Its own session, with the control pipe. */
        SESSION,
        /** Its own session, without the control pipe: CRaC refuses to checkpoint open pipes. */
        SESSION_NO_PIPE
    }

    private final Process launcher;

    private TemplateProcess(Process launcher) {
        this.launcher = launcher;
    }

    /** The agent's arguments for a template of {@code engine} attached to {@code socket}. */
    public static String agentArgs(Isolation isolation, String engine, Path socket) {
        return agentArgs(isolation, engine, null, socket);
    }

    /** ... that waits to be dumped in {@code dumpDir} (null: "/"). */
    public static String agentArgs(Isolation isolation, String engine, Path dumpDir, Path socket) {
        int fd = isolation == Isolation.SESSION_NO_PIPE ? -1 : CONTROL_FD;
        String dir = dumpDir == null ? "" : ",dir=" + org.jprefork.internal.AgentConfig.encodeWords(List.of(dumpDir.toString()));
        return "fd=" + fd + ",engine=" + engine + dir + BackgroundPriority.agentArgument() + ",socket=" + socket;
    }

    /** Where a template of the image {@code imageDir} waits for its dump. */
    public static Path dumpDir(Path imageDir) {
        return imageDir.resolveSibling(imageDir.getFileName() + ".cwd");
    }

    /** The words that start the JVM command line {@code jvm}. */
    static List<String> launcher(Isolation isolation) {
        return launcher(isolation, PidNamespaceLauncher.PATH);
    }

    /**
     * ... with {@code pidns}, jprefork's own PID-namespace launcher, or util-linux unshare when
     * it is null (unshare reports a template killed by SIGKILL as exit 1, see pidns.c).
     */
    static List<String> launcher(Isolation isolation, Path pidns) {
        List<String> cmd = new ArrayList<>();
        if (isolation == Isolation.PID_NAMESPACE) {
            cmd.addAll(pidns != null ? List.of(pidns.toString())
                    : List.of("unshare", "--pid", "--fork", "--kill-child"));
        }
        String redirect = isolation == Isolation.SESSION_NO_PIPE ? "" : CONTROL_FD + "<&0 ";
        cmd.addAll(List.of("setsid", "/bin/sh", "-c", "exec \"$@\" " + redirect + "</dev/null", "jprefork-template"));
        return cmd;
    }

    public static TemplateProcess start(Isolation isolation, List<String> jvm, Map<String, String> env, Path cwd)
            throws IOException {
        List<String> cmd = launcher(isolation);
        cmd.addAll(BackgroundPriority.prefix());
        cmd.addAll(jvm);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.directory(Files.isDirectory(cwd) ? cwd.toFile() : new java.io.File("/"));
        return new TemplateProcess(pb.start());
    }

    /** The pid of the first process started: the PID-namespace launcher, or the JVM itself. */
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
