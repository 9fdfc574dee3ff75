package org.jprefork.internal.unix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import jnr.constants.platform.Errno;

/**
 * Unbuffered streams straight over a descriptor. Unlike {@code Channels.newInputStream}, reading
 * and writing do not share a lock, so one thread can wait for the peer to hang up while another
 * writes to it.
 */
final class FdStreams {
    private static final int EINTR = Errno.EINTR.intValue();

    private FdStreams() {
    }

    static InputStream input(int fd) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                byte[] buf = off == 0 ? b : new byte[len];
                int n;
                do {
                    n = Posix.get().read(fd, buf, len);
                } while (n < 0 && Posix.get().errno() == EINTR);
                if (n < 0) {
                    throw new ErrnoException("read(" + fd + ")", Posix.get().errno());
                }
                if (n == 0) {
                    return -1;
                }
                if (buf != b) {
                    System.arraycopy(buf, 0, b, off, n);
                }
                return n;
            }
        };
    }

    static OutputStream output(int fd) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    byte[] chunk = off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len);
                    int n = Posix.get().write(fd, chunk, len);
                    if (n < 0) {
                        if (Posix.get().errno() == EINTR) {
                            continue;
                        }
                        throw new ErrnoException("write(" + fd + ")", Posix.get().errno());
                    }
                    off += n;
                    len -= n;
                }
            }
        };
    }
}
