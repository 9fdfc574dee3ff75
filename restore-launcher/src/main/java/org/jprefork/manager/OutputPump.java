package org.jprefork.manager;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.Posix;
import org.jprefork.progress.Progress;
import org.jprefork.protocol.StdioFds;

/**
 * Copies the template's output to the first caller's stderr while it initialises. The agent
 * ends that output with {@link StdioFds#DETACHED} just before it detaches its stdio; once the
 * pump has seen it, everything the template wrote has reached the caller, and the caller's own
 * call output cannot overtake it.
 */
final class OutputPump {
    private static final byte[] SENTINEL = StdioFds.DETACHED;
    private static final byte[] FINISHED = StdioFds.FINISHED;
    private static final byte[] WARMING_UP = StdioFds.WARMING_UP;
    private final InputStream in;
    private final int fd;
    private final String program;
    private final Thread thread;
    private final CountDownLatch detached = new CountDownLatch(1);
    private volatile boolean finished;
    /** Shown from the template's WARMING_UP until it writes anything else (only the pump writes). */
    private Progress warmingUp;

    /** Copies to a duplicate of {@code fd}: the call may close its own before the output ends. */
    OutputPump(InputStream in, int fd) {
        this(in, fd, null);
    }

    /** ... and shows a warm-up of {@code program} (a name for the caller) on a terminal. */
    OutputPump(InputStream in, int fd, String program) {
        this.in = in;
        this.program = program;
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
                    if (program != null && fd >= 0) {
                        warmingUp = Progress.start(fd, "warming up " + program);
                    }
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
                    quiet();
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
            quiet();
            detached.countDown();
            Posix.closeQuietly(fd);
        }
    }

    /** Erases the warm-up line, if shown, before anything else reaches the caller. */
    private void quiet() {
        if (warmingUp != null) {
            warmingUp.close();
            warmingUp = null;
        }
    }

    private void write(byte[] data, int n) {
        if (fd < 0 || n <= 0) {
            return;
        }
        quiet();
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
