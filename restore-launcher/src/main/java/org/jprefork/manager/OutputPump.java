package org.jprefork.manager;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.StdioFds;

/**
 * Copies a template's output while it initialises (to a descriptor, or nowhere), keeping its
 * last {@link #TAIL} bytes for the log when the template fails. The agent
 * ends that output with {@link StdioFds#DETACHED} just before it detaches its stdio; once the
 * pump has seen it, everything the template wrote has reached the caller, and the caller's own
 * call output cannot overtake it.
 */
final class OutputPump {
    private static final byte[] SENTINEL = StdioFds.DETACHED;
    private static final byte[] FINISHED = StdioFds.FINISHED;
    private static final byte[] WARMING_UP = StdioFds.WARMING_UP;
    /** How much of the end of the output is kept for {@link #tail()}. */
    static final int TAIL = 4096;
    private final byte[] tail = new byte[TAIL];
    private long tailWritten;
    private final InputStream in;
    private final int fd;
    private final Thread thread;
    private final CountDownLatch detached = new CountDownLatch(1);
    private volatile boolean finished;

    /** Copies to a duplicate of {@code fd} (-1: nowhere): the caller may close its own first. */
    OutputPump(InputStream in, int fd) {
        this.in = in;
        this.fd = fd < 0 ? -1 : Posix.get().dup(fd);
        this.thread = new Thread(this::run, "template-output");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] buf = new byte[8192];
        byte[] carry = new byte[0];
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    write(carry, carry.length);
                    break;
                }
                byte[] data = concat(carry, buf, n);
                int warm = indexOf(data, WARMING_UP);
                if (warm >= 0) {
                    write(data, warm);
                    data = Arrays.copyOfRange(data, warm + WARMING_UP.length, data.length);
                }
                int done = indexOf(data, FINISHED);
                if (done >= 0) {
                    finished = true;
                    data = concat(Arrays.copyOf(data, done), Arrays.copyOfRange(data, done + FINISHED.length,
                            data.length), data.length - done - FINISHED.length);
                }
                int at = indexOf(data, SENTINEL);
                if (at >= 0) {
                    write(data, at);
                    detached.countDown();
                    byte[] rest = Arrays.copyOfRange(data, at + SENTINEL.length, data.length);
                    write(rest, rest.length);
                    carry = new byte[0];
                    continue;
                }
                int keep = partialSuffix(data);
                write(data, data.length - keep);
                carry = Arrays.copyOfRange(data, data.length - keep, data.length);
            }
        } catch (IOException e) {
            // the template is gone
        } finally {
            detached.countDown();
            Posix.closeQuietly(fd);
        }
    }

    private void write(byte[] data, int n) {
        keep(data, n);
        if (fd < 0 || n <= 0) {
            return;
        }
        int off = 0;
        while (off < n) {
            byte[] chunk = off == 0 ? data : Arrays.copyOfRange(data, off, n);
            int w = Posix.get().write(fd, chunk, n - off);
            if (w <= 0) {
                return; // the caller's stderr is gone, and this output with it
            }
            off += w;
        }
    }

    private synchronized void keep(byte[] data, int n) {
        for (int i = Math.max(0, n - TAIL); i < n; i++) {
            tail[(int) (tailWritten++ % TAIL)] = data[i];
        }
    }

    /** The last bytes of the output (markers taken out), as text: for the log. */
    synchronized String tail() {
        int size = (int) Math.min(tailWritten, TAIL);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = tail[(int) ((tailWritten - size + i) % TAIL)];
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Whether the template said its program ended on its own (valid after {@link #awaitEnd}): a
     * template that ended without saying so was killed.
     */
    boolean finished() {
        return finished;
    }

    /** Waits (bounded) until the template's output up to its detaching has been copied. */
    void awaitDetached() {
        try {
            detached.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the template's output is closed and copied (after the template exited). */
    void awaitEnd() throws InterruptedException {
        thread.join(5_000);
    }

    private static byte[] concat(byte[] a, byte[] b, int bn) {
        byte[] out = Arrays.copyOf(a, a.length + bn);
        System.arraycopy(b, 0, out, a.length, bn);
        return out;
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Length of the longest end of {@code data} that starts a marker (held back for now). */
    static int partialSuffix(byte[] data) {
        int longest = 0;
        for (byte[] marker : new byte[][] {SENTINEL, FINISHED, WARMING_UP}) {
            for (int k = Math.min(marker.length - 1, data.length); k > longest; k--) {
                if (Arrays.equals(data, data.length - k, data.length, marker, 0, k)) {
                    longest = k;
                    break;
                }
            }
        }
        return longest;
    }
}
