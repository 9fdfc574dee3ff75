package org.jprefork.internal.unix;

import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jnr.constants.platform.Errno;
import jnr.ffi.LibraryLoader;

/**
 * sendmsg(2) and recvmsg(2) with descriptors (SCM_RIGHTS), on structures laid out by hand in
 * malloc'd memory (Linux, 64-bit). jnr-posix's MsgHdr allocates through jnr-ffi's transient
 * memory, whose finalizer queue starts a thread and initialises java.util.logging: every
 * template and copy then carried that thread, read the program's logging configuration before
 * the program's main could set it, and started the logging cleaner's shutdown-hook thread at
 * every copy's end.
 */
final class ScmRights {
    /** The C library's calls, on addresses (ssize_t results). */
    public interface Libc {
        long sendmsg(int fd, long msg, int flags);

        long recvmsg(int fd, long msg, int flags);
    }

    private static final int SOL_SOCKET = 1;
    private static final int SCM_RIGHTS = 1;
    private static final int MSG_CMSG_CLOEXEC = 0x40000000;
    private static final int EINTR = Errno.EINTR.intValue();
    // struct msghdr (x86_64, aarch64): name, namelen, iov, iovlen, control, controllen, flags.
    private static final int MSGHDR_SIZE = 56;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    private static final int IOVEC_SIZE = 16;
    // struct cmsghdr: len (size_t), level, type, then the data.
    private static final int CMSG_HEADER = 16;

    private static volatile Libc libc;

    private ScmRights() {
    }

    /** Whether this layout is the machine's: a 64-bit Linux. */
    private static boolean supported() {
        return Platform.getPlatform().getOS() == Platform.OS.LINUX && Platform.getPlatform().addressSize() == 64;
    }

    /** Sends {@code bytes}, the descriptors going with the first one; returns the bytes sent. */
    static int send(int fd, byte[] bytes, int[] fds) throws IOException {
        MemoryIO io = MemoryIO.getInstance();
        int controlSize = space(4 * fds.length);
        long mem = io.allocateMemory(MSGHDR_SIZE + IOVEC_SIZE + controlSize + bytes.length, true);
        if (mem == 0) {
            throw new IOException("sendmsg: out of native memory");
        }
        try {
            long iov = mem + MSGHDR_SIZE;
            long control = iov + IOVEC_SIZE;
            long data = control + controlSize;
            io.putByteArray(data, bytes, 0, bytes.length);
            io.putAddress(iov, data);
            io.putLong(iov + 8, bytes.length);
            io.putAddress(mem + MSG_IOV, iov);
            io.putLong(mem + MSG_IOVLEN, 1);
            io.putAddress(mem + MSG_CONTROL, control);
            io.putLong(mem + MSG_CONTROLLEN, controlSize);
            io.putLong(control, CMSG_HEADER + 4L * fds.length);
            io.putInt(control + 8, SOL_SOCKET);
            io.putInt(control + 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                io.putInt(control + CMSG_HEADER + 4L * i, fds[i]);
            }
            long sent;
            do {
                sent = libc().sendmsg(fd, mem, 0);
            } while (sent < 0 && Posix.get().errno() == EINTR);
            if (sent < 0) {
                throw new ErrnoException("sendmsg(SCM_RIGHTS)", Posix.get().errno());
            }
            return (int) sent;
        } finally {
            io.freeMemory(mem);
        }
    }

    /** A byte received, and the descriptors that came with it (close-on-exec set). */
    record Received(int length, int first, int[] fds) {
    }

    /**
     * Receives one byte and the descriptors that came with it (at most {@code maxFds}; extra
     * ones are closed).
     */
    static Received receiveOne(int fd, int maxFds) throws IOException {
        MemoryIO io = MemoryIO.getInstance();
        int controlSize = space(4 * Math.max(1, maxFds));
        long mem = io.allocateMemory(MSGHDR_SIZE + IOVEC_SIZE + controlSize + 8, true);
        if (mem == 0) {
            throw new IOException("recvmsg: out of native memory");
        }
        try {
            long iov = mem + MSGHDR_SIZE;
            long control = iov + IOVEC_SIZE;
            long data = control + controlSize;
            io.putAddress(iov, data);
            io.putLong(iov + 8, 1);
            io.putAddress(mem + MSG_IOV, iov);
            io.putLong(mem + MSG_IOVLEN, 1);
            io.putAddress(mem + MSG_CONTROL, control);
            io.putLong(mem + MSG_CONTROLLEN, controlSize);
            long n;
            do {
                n = libc().recvmsg(fd, mem, MSG_CMSG_CLOEXEC);
            } while (n < 0 && Posix.get().errno() == EINTR);
            if (n < 0) {
                throw new ErrnoException("recvmsg", Posix.get().errno());
            }
            List<Integer> fds = new ArrayList<>();
            long controlLength = io.getLong(mem + MSG_CONTROLLEN);
            for (long at = 0; at + CMSG_HEADER <= controlLength; ) {
                long length = io.getLong(control + at);
                if (length < CMSG_HEADER || at + length > controlLength) {
                    break;
                }
                if (io.getInt(control + at + 8) == SOL_SOCKET && io.getInt(control + at + 12) == SCM_RIGHTS) {
                    for (long d = CMSG_HEADER; d + 4 <= length; d += 4) {
                        int received = io.getInt(control + at + d);
                        if (fds.size() < maxFds) {
                            fds.add(received);
                        } else {
                            Posix.closeQuietly(received);
                        }
                    }
                }
                at += align(length);
            }
            return new Received((int) n, n > 0 ? io.getByte(data) & 0xff : -1,
                    fds.stream().mapToInt(Integer::intValue).toArray());
        } finally {
            io.freeMemory(mem);
        }
    }

    private static Libc libc() throws IOException {
        Libc l = libc;
        if (l == null) {
            if (!supported()) {
                throw new IOException("passing descriptors needs 64-bit Linux, not " + Platform.getPlatform().getName());
            }
            l = LibraryLoader.create(Libc.class).load("c");
            libc = l;
        }
        return l;
    }

    /** CMSG_SPACE: a control message holding {@code dataLength} bytes, aligned. */
    private static int space(int dataLength) {
        return CMSG_HEADER + (int) align(dataLength);
    }

    private static long align(long length) {
        return (length + 7) & ~7L;
    }
}
