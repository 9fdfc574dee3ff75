package org.jprefork.internal.unix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

/**
 * The few calls on arbitrary descriptors that jnr-posix lacks: who a Unix socket's peer is
 * (getpeername, SO_PEERCRED) and whether two descriptors share an open file description (kcmp).
 * Loaded on first use: only a template that holds such descriptors at its checkpoint needs them.
 */
public final class SocketCalls {
    /** The C library functions used here. */
    public interface LibC {
        int getsockopt(int fd, int level, int optname, @Out byte[] optval, @In @Out int[] optlen);

        int getpeername(int fd, @Out byte[] addr, @In @Out int[] addrlen);

        long syscall(long number, long a, long b, long c, long d, long e);
    }

    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    private static final int KCMP_FILE = 0;
    private static final LazyLibC<LibC> LIBC = new LazyLibC<>(LibC.class);

    private SocketCalls() {
    }

    private static LibC libc() {
        return LIBC.get();
    }

    /**
     * The address a connected Unix socket's peer is bound to: a path, {@code @name} for an
     * abstract one, "" when unnamed; null when the socket is not connected.
     */
    public static String peerName(int fd) {
        byte[] addr = new byte[110];
        int[] len = {addr.length};
        if (libc().getpeername(fd, addr, len) != 0) {
            return null;
        }
        if (len[0] <= 2) {
            return "";
        }
        int end = Math.min(len[0], addr.length);
        if (addr[2] == 0) {
            return "@" + new String(addr, 3, end - 3, StandardCharsets.UTF_8);
        }
        int n = 2;
        while (n < end && addr[n] != 0) {
            n++;
        }
        return new String(addr, 2, n - 2, StandardCharsets.UTF_8);
    }

    /** The PID of a Unix socket's peer as SO_PEERCRED reports it (0 when there is none). */
    public static long peerPid(int fd) {
        byte[] cred = new byte[12];
        int[] len = {cred.length};
        if (libc().getsockopt(fd, SOL_SOCKET, SO_PEERCRED, cred, len) != 0) {
            return 0;
        }
        return ByteBuffer.wrap(cred).order(ByteOrder.nativeOrder()).getInt(0);
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
        long r = libc().syscall(nr, pid, pid, KCMP_FILE, a, b);
        return r < 0 ? null : r == 0;
    }
}
