package org.jprefork.internal.unix;

import java.io.IOException;
import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;

/**
 * The few calls on arbitrary descriptors that jnr-posix lacks: who a Unix socket's peer is
 * (getpeername, SO_PEERCRED, through jnr-unixsocket's binding, which a template has loaded
 * already) and whether two descriptors share an open file description (kcmp, bound on first
 * use: only a template holding one file twice needs it).
 */
public final class SocketCalls {
    /** The C library function used here. */
    public interface LibC {
        long syscall(long number, long a, long b, long c, long d, long e);
    }

    private static final int KCMP_FILE = 0;
    private static final LazyLibC<LibC> LIBC = new LazyLibC<>(LibC.class);

    private SocketCalls() {
    }

    /**
     * The address a connected Unix socket's peer is bound to: a path, {@code @name} for an
     * abstract one, "" when unnamed; null when the socket is not connected.
     */
    public static String peerName(int fd) {
        UnixSocketAddress peer;
        try {
            // A view of the descriptor, never closed: the socket stays the program's.
            peer = UnixSocketChannel.fromFD(fd).getRemoteSocketAddress();
        } catch (Error | RuntimeException e) {
            return null; // getpeername failed: not connected
        }
        if (peer == null) {
            return null;
        }
        String path = peer.path();
        return path.startsWith("\0") ? "@" + path.substring(1) : path;
    }

    /** The PID of a Unix socket's peer as SO_PEERCRED reports it (0 when there is none). */
    public static long peerPid(int fd) {
        try {
            Credentials c = UnixSocketChannel.fromFD(fd).getOption(UnixSocketOptions.SO_PEERCRED);
            return c == null ? 0 : c.getPid();
        } catch (IOException | Error | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Whether descriptors {@code a} and {@code b} of this process share one open file
     * description (kcmp(2)); null when the kernel cannot say (no kcmp on this architecture).
     */
    public static Boolean sameDescription(int a, int b) {
        long nr = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 312;
            case "aarch64" -> 272;
            default -> -1;
        };
        if (nr < 0) {
            return null;
        }
        long pid = Posix.get().getpid();
        long r = LIBC.get().syscall(nr, pid, pid, KCMP_FILE, a, b);
        return r < 0 ? null : r == 0;
    }
}
