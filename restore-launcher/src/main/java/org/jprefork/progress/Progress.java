package org.jprefork.progress;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.jprefork.internal.unix.Posix;

/**
 * A transient line on a terminal while something slow runs, such as
 * {@code jprefork: checkpointing slow-init.java... 2.1 s}: shown only when the descriptor is a
 * terminal and the work has taken longer than a threshold, rewritten in place ({@code \r} and
 * ESC[K) as the time goes on, and erased by {@link #close()}, so that whatever is written next
 * starts on a clean line. Nothing is ever written to a descriptor that is not a terminal, so
 * redirected output is byte for byte what it would be without it.
 *
 * <p>The caller must make sure nothing else writes to the descriptor between {@link #start} and
 * {@link #close} (the pool manager shows it while the program is parked for its checkpoint).
 */
public final class Progress implements AutoCloseable {
    /** Environment variable: milliseconds before the line appears (tests set 0); default 1000. */
    public static final String AFTER_ENV = "JPREFORK_PROGRESS_AFTER_MS";
    private static final Duration DEFAULT_AFTER = Duration.ofSeconds(1);
    private static final long TICK_MS = 200;
    private static final Progress NONE = new Progress();

    private final int fd;
    private volatile String label;
    private final long start = System.nanoTime();
    private final Thread ticker;
    private boolean shown;
    private boolean closed;

    private Progress() {
        this.fd = -1;
        this.label = "";
        this.ticker = null;
    }

    private Progress(int fd, String label, Duration after) {
        this.fd = fd;
        this.label = label;
        if (after.isZero()) {
            show(); // at once: even work that ends in a moment shows (and erases) its line
        }
        this.ticker = new Thread(() -> tick(after), "progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /**
     * Starts a progress line for {@code label} (say, "checkpointing x.java") on {@code fd}; a
     * no-op when {@code fd} is not a terminal. The descriptor is duplicated: the caller may close
     * its own meanwhile.
     */
    public static Progress start(int fd, String label) {
        return start(fd, label, after(System.getenv(AFTER_ENV)));
    }

    /** As {@link #start(int, String)}, the line appearing after {@code after}. */
    public static Progress start(int fd, String label, Duration after) {
        if (fd < 0 || Posix.get().isatty(fd) != 1) {
            return NONE;
        }
        int own = Posix.get().dup(fd);
        return own < 0 ? NONE : new Progress(own, label, after);
    }

    /** The threshold from {@link #AFTER_ENV}'s value (null or bad: one second). */
    static Duration after(String value) {
        try {
            long ms = Long.parseLong(value == null ? "" : value.trim());
            return ms >= 0 ? Duration.ofMillis(ms) : DEFAULT_AFTER;
        } catch (NumberFormatException e) {
            return DEFAULT_AFTER;
        }
    }

    /** The line's text after {@code elapsedNanos}, without the terminal controls. */
    static String line(String label, long elapsedNanos) {
        return String.format(Locale.ROOT, "jprefork: %s... %.1f s", label, elapsedNanos / 1e9);
    }

    private void tick(Duration after) {
        try {
            Thread.sleep(after.isZero() ? TICK_MS : after.toMillis()); // zero: shown already
            while (true) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    show();
                }
                Thread.sleep(TICK_MS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void show() {
        write("\r" + line(label, System.nanoTime() - start) + "\033[K");
        shown = true;
    }

    /** Names the step now under way; a line already shown shows it at once. */
    public void relabel(String newLabel) {
        label = newLabel;
        if (ticker == null) {
            return;
        }
        synchronized (this) {
            if (shown && !closed) {
                show();
            }
        }
    }

    /** Erases the line if it was shown; afterwards nothing more is written. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (shown) {
                write("\r\033[K");
            }
            Posix.closeQuietly(fd);
        }
        ticker.interrupt();
    }

    private void write(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        // A terminal write this small is not split; a failed one (the caller hung up) is dropped.
        Posix.get().write(fd, b, b.length);
    }
}
