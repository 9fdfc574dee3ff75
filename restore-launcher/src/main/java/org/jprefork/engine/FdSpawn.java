package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import org.jprefork.internal.unix.LazyLibC;
import org.jprefork.internal.unix.Posix;

/**
 * Starts a program that gets some of this process's descriptors as its own 3, 4, ...: what
 * ProcessBuilder cannot do (its child closes every descriptor above 2). Its stdin, stdout and
 * stderr are /dev/null, its signal mask empty; no other descriptor of this process reaches it.
 */
final class FdSpawn {
    /** The C library's posix_spawn. */
    public interface LibC {
        int posix_spawn_file_actions_init(Pointer actions);

        int posix_spawn_file_actions_destroy(Pointer actions);

        int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newfd);

        int posix_spawn_file_actions_addopen(Pointer actions, int fd, CharSequence path, int flags, int mode);

        int posix_spawn_file_actions_addclose(Pointer actions, int fd);

        int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

        int posix_spawnattr_init(Pointer attr);

        int posix_spawnattr_destroy(Pointer attr);

        int posix_spawnattr_setflags(Pointer attr, short flags);

        int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

        int posix_spawnp(IntByReference pid, CharSequence file, Pointer actions, Pointer attr, CharSequence[] argv,
                         CharSequence[] envp);
    }

    /** The first descriptor the child gets: 3, then 4, ... */
    static final int FIRST_CHILD_FD = 3;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final LazyLibC<LibC> LIBC = new LazyLibC<>(LibC.class);

    private FdSpawn() {
    }

    private static LibC libc() {
        return LIBC.get();
    }

    /**
     * Starts {@code command} with {@code fds[i]} as its descriptor {@code FIRST_CHILD_FD + i}.
     *
     * @return the child's PID and its exit status (an exit code, or 128 + the signal), which a
     *         thread of its own reaps
     */
    static Spawned start(List<String> command, int[] fds) throws IOException {
        LibC c = libc();
        Runtime rt = Runtime.getRuntime(c);
        Pointer actions = Memory.allocateDirect(rt, 512);
        Pointer attr = Memory.allocateDirect(rt, 1024);
        Pointer emptySet = Memory.allocateDirect(rt, 128, true);
        check(c.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        check(c.posix_spawnattr_init(attr), "posix_spawnattr_init");
        try {
            check(c.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", O_RDONLY, 0), "addopen");
            check(c.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", O_WRONLY, 0), "addopen");
            check(c.posix_spawn_file_actions_adddup2(actions, 1, 2), "adddup2");
            // Each descriptor goes first above every source, then into place: a source among
            // 3, 4, ... is never overwritten before it is copied.
            int high = FIRST_CHILD_FD + fds.length;
            for (int fd : fds) {
                high = Math.max(high, fd + 1);
            }
            for (int i = 0; i < fds.length; i++) {
                check(c.posix_spawn_file_actions_adddup2(actions, fds[i], high + i), "adddup2");
            }
            for (int i = 0; i < fds.length; i++) {
                check(c.posix_spawn_file_actions_adddup2(actions, high + i, FIRST_CHILD_FD + i), "adddup2");
            }
            closeTheRest(c, actions, FIRST_CHILD_FD + fds.length);
            check(c.posix_spawnattr_setsigmask(attr, emptySet), "posix_spawnattr_setsigmask");
            check(c.posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags");
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : System.getenv().entrySet()) {
                env.add(e.getKey() + "=" + e.getValue());
            }
            IntByReference pid = new IntByReference();
            check(c.posix_spawnp(pid, command.get(0), actions, attr, command.toArray(CharSequence[]::new),
                    env.toArray(CharSequence[]::new)), "posix_spawnp(" + command.get(0) + ")");
            return new Spawned(pid.intValue(), reap(pid.intValue()));
        } finally {
            c.posix_spawn_file_actions_destroy(actions);
            c.posix_spawnattr_destroy(attr);
        }
    }

    /**
     * Closes every descriptor from {@code from} up in the child: at once where the C library can
     * (glibc 2.34), else each one open here now (one opened by another thread meanwhile may then
     * reach the child, which holds it until it exits).
     */
    private static void closeTheRest(LibC c, Pointer actions, int from) throws IOException {
        try {
            check(c.posix_spawn_file_actions_addclosefrom_np(actions, from), "addclosefrom_np");
            return;
        } catch (UnsatisfiedLinkError | IOException e) {
            // an older C library
        }
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : fds.toList()) {
                int fd = Integer.parseInt(p.getFileName().toString());
                if (fd >= from) {
                    check(c.posix_spawn_file_actions_addclose(actions, fd), "addclose");
                }
            }
        }
    }

    private static CompletableFuture<Integer> reap(int pid) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            int[] status = new int[1];
            while (true) {
                int r = Posix.get().waitpid(pid, status, 0);
                if (r == pid) {
                    int s = status[0];
                    exit.complete((s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f));
                    return;
                }
                if (r < 0 && Posix.get().errno() != jnr.constants.platform.Errno.EINTR.intValue()) {
                    exit.complete(-1);
                    return;
                }
            }
        }, "reap-" + pid);
        t.setDaemon(true);
        t.start();
        return exit;
    }

    private static void check(int r, String what) throws IOException {
        if (r != 0) {
            throw new IOException(what + " failed: error " + r);
        }
    }

    /** A started child: its PID and its exit code, once reaped. */
    record Spawned(long pid, CompletableFuture<Integer> exit) {
    }
}
