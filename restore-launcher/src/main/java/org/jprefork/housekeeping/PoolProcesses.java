package org.jprefork.housekeeping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the processes a pool manager started (templates, copies, spares) by the agent's
 * option naming the pool's socket ({@code ...,socket=RUNDIR/IDENT.s} on their command line: a
 * restored copy keeps its template's), and tells whether the manager that owns one still runs:
 * every such process is the manager's child or grandchild (criu restores copies as the
 * manager's children, templates run under its {@code unshare}). One whose ancestors include no
 * live manager of its socket was left by a manager that died.
 */
public final class PoolProcesses {
    private static final String MANAGER_MAIN = "org.jprefork.manager.ManagerMain";

    private PoolProcesses() {
    }

    /** A process of a pool, and the socket its command line names. */
    public record Member(ProcessHandle process, Path socket) {
    }

    /** Processes naming a socket directly in {@code runDir} whose manager is gone. */
    public static List<Member> orphansIn(Path runDir) {
        Pattern mark = Pattern.compile("socket=(" + Pattern.quote(runDir.toString()) + "/[^/ ,]+\\.s)(?= |,|$)");
        List<Member> orphans = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            Optional<String> cmd = commandLine(p);
            if (cmd.isEmpty()) {
                continue;
            }
            Matcher m = mark.matcher(cmd.get());
            if (m.find()) {
                Path socket = Path.of(m.group(1));
                if (!underLiveManager(p, socket)) {
                    orphans.add(new Member(p, socket));
                }
            }
        }
        return orphans;
    }

    /** Processes naming exactly {@code socket} whose manager is gone. */
    public static List<ProcessHandle> orphansOf(Path socket) {
        return orphansIn(socket.getParent()).stream().filter(m -> m.socket().equals(socket))
                .map(Member::process).toList();
    }

    /**
     * Whether the process is a parked copy of a pool in {@code runDir}: its stdin, stdout and
     * stderr are all /dev/null and its working directory is the image's private directory under
     * {@code runDir} (where a criu template waits for its dump, so every copy restored from it
     * starts there). A copy serving a call has the caller's stdio and the caller's directory;
     * both conditions must hold, because a caller may well run with all stdio at /dev/null.
     * False when they cannot be read (another user's process).
     */
    public static boolean parked(ProcessHandle p, Path runDir) {
        try {
            if (!Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd")).toString().startsWith(runDir + "/")) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        for (int fd = 0; fd <= 2; fd++) {
            try {
                if (!Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/fd/" + fd)).toString().equals("/dev/null")) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    /** The process's real uid, or -1 when it is gone. */
    public static int uid(ProcessHandle p) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/" + p.pid()), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean underLiveManager(ProcessHandle p, Path socket) {
        for (Optional<ProcessHandle> up = p.parent(); up.isPresent(); up = up.get().parent()) {
            if (isManagerOf(up.get(), socket)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isManagerOf(ProcessHandle p, Path socket) {
        return commandLine(p).map(c -> c.contains(MANAGER_MAIN) && c.contains(" " + socket + " ")).orElse(false);
    }

    /** {@code p}'s command line, words joined by spaces; empty when it is gone or hidden. */
    public static Optional<String> commandLine(ProcessHandle p) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc/" + p.pid() + "/cmdline"));
            return Optional.of(new String(b, StandardCharsets.UTF_8).replace('\0', ' '));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
