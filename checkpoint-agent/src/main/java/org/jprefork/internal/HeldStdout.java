package org.jprefork.internal;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;

/**
 * What a program writes on System.out while it initialises in a call it runs itself (a pool's
 * first call, or a call made while the checkpoint is built): held, because where it belongs is
 * known only later. If the program reaches {@code initialisationComplete}, it was initialisation
 * output, which goes to stderr as in a template (later calls, served from the checkpoint, do not
 * show it at all); if the program ends first, it was the program's own output, and goes to
 * stdout. Held at most {@link #MAX_BYTES} bytes, and only until the program first reads its stdin
 * (then it goes to stdout, as the program's): a program waiting for input is no initialisation
 * (which must not read stdin), and its prompt must show. No time limit: an initialisation that
 * runs long (on a busy machine) must not have its output put on stdout for it.
 *
 * <p>The hold sits beneath System.out's own buffer, so the stream's charset, flushing and
 * identity (a program may keep a reference to System.out) stay those of plain java. Output
 * written to file descriptor 1 by other means (native code, child processes) is not held.
 */
final class HeldStdout extends OutputStream {
    static final int MAX_BYTES = 1 << 20;

    private final OutputStream stdout;
    private ByteArrayOutputStream held = new ByteArrayOutputStream();

    private HeldStdout(OutputStream stdout) {
        this.stdout = stdout;
    }

    /**
     * Puts a hold beneath System.out (java.io must be open to this module); returns it, or null
     * when System.out is not the JDK's own stream on descriptor 1 (then nothing is held).
     */
    static HeldStdout install() {
        try {
            Field out = FilterOutputStream.class.getDeclaredField("out");
            out.setAccessible(true);
            PrintStream print = System.out;
            if (!(out.get(print) instanceof BufferedOutputStream buffered)) {
                return null;
            }
            synchronized (print) {
                print.flush();
                if (!(out.get(buffered) instanceof FileOutputStream file) || file.getFD() != FileDescriptor.out) {
                    return null;
                }
                HeldStdout hold = new HeldStdout(file);
                out.set(buffered, hold);
                hold.releaseOnInput();
                Runtime.getRuntime().addShutdownHook(new Thread(hold::releaseToStdout, "jprefork-stdout-release"));
                return hold;
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (held != null && held.size() + len > MAX_BYTES) {
            releaseTo(stdout);
        }
        if (held != null) {
            held.write(b, off, len);
        } else {
            stdout.write(b, off, len);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (held == null) {
            stdout.flush();
        }
    }

    /** The program reached initialisationComplete: what it wrote so far goes to stderr. */
    void releaseToStderr() {
        System.out.flush();
        System.err.flush();
        releaseQuietly(new FileOutputStream(FileDescriptor.err));
    }

    /** The program is ending (or ran long) without reaching it: its output goes to stdout. */
    void releaseToStdout() {
        System.out.flush();
        releaseQuietly(stdout);
    }

    private void releaseQuietly(OutputStream where) {
        try {
            releaseTo(where);
        } catch (IOException e) {
            // as plain java: output to a closed descriptor is lost
        }
    }

    private synchronized void releaseTo(OutputStream where) throws IOException {
        if (held == null) {
            return;
        }
        byte[] bytes = held.toByteArray();
        held = null;
        where.write(bytes);
        where.flush();
    }

    /** Releases the hold when the program first reads System.in (beneath its buffer, as for stdout). */
    private void releaseOnInput() throws ReflectiveOperationException {
        Field in = java.io.FilterInputStream.class.getDeclaredField("in");
        in.setAccessible(true);
        if (!(System.in instanceof java.io.BufferedInputStream buffered)
                || !(in.get(buffered) instanceof java.io.InputStream stdin)) {
            return;
        }
        in.set(buffered, new java.io.FilterInputStream(stdin) {
            private volatile boolean read;

            private void first() {
                if (!read) {
                    read = true;
                    releaseToStdout();
                }
            }

            @Override
            public int read() throws IOException {
                first();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                first();
                return super.read(b, off, len);
            }

            @Override
            public int available() throws IOException {
                first();
                return super.available();
            }
        });
    }
}
