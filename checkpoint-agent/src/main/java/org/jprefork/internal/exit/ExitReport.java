package org.jprefork.internal.exit;

import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jprefork.internal.StdioQuiescence;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.Exiting;

/**
 * Tells the pool manager a copy's exit code as soon as the program has finished, so that the
 * caller need not wait for the JVM's teardown and the kernel's freeing of the copy's memory.
 *
 * <p>At that point the shutdown hooks have run and the JDK's streams have written what they
 * will (System.out and System.err flush on every write, except a lone {@code write(int)},
 * which plain java loses too). The copy then flushes the C library's stdout and stderr, points
 * fds 0-2 at /dev/null, and sends EXITING: nothing it writes afterwards can reach the caller
 * after the caller has returned. Output that other threads of the program write later is
 * discarded, as it is when plain java halts first.
 *
 * <p>Any failure here leaves the manager to take the status from waitpid, as it does for a
 * death by signal or a crash.
 */
public final class ExitReport {
    private static volatile Instrumentation instrumentation;
    private static volatile Thread mainThread;
    private static volatile boolean mainThrew;
    private static volatile CStdio cStdio;
    private static final AtomicReference<UnixConnection> MANAGER = new AtomicReference<>();

    private ExitReport() {
    }

    /** At premain, on the thread that goes on to run {@code main}. */
    public static void prepare(Instrumentation inst) {
        instrumentation = inst;
        mainThread = Thread.currentThread();
    }

    /**
     * In the template before its checkpoint: rewrites the JDK's exit paths (copies inherit it).
     *
     * @return why copies will not report early (the manager then waits for the process), or null
     */
    public static String install() {
        if (instrumentation == null) {
            return "the agent was not started by jprefork";
        }
        List<String> writers = JvmExitOutput.among(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (!writers.isEmpty()) {
            return "the JVM may write output at exit (" + String.join(" ", writers) + ")";
        }
        try {
            cStdio = CStdio.bind();
            ExitHooks.install(instrumentation, ExitReport::event);
            // Runs the report's code once, with no manager to tell: copies then find its classes
            // loaded (loading them at a copy's end took 2-3 ms).
            new Exiting(0).toFrame().encode();
            event(ExitHooks.HALT, 0);
            event(ExitHooks.SHUTDOWN, 0);
            return null;
        } catch (IllegalStateException | LinkageError e) {
            cStdio = null;
            return e.getMessage();
        }
    }

    /**
     * In a copy that has taken on its caller's stdio: report on {@code manager} (the connection
     * the call came on) at exit.
     *
     * @return false if this copy cannot report (then close the connection: the manager waits for the process)
     */
    public static boolean arm(UnixConnection manager) {
        if (cStdio == null) {
            return false;
        }
        MANAGER.set(manager);
        return true;
    }

    /** From the rewritten JDK methods (ExitHooks); never throws. */
    static void event(Object what, int value) {
        try {
            if (what instanceof Thread t) {
                if (t == mainThread) {
                    mainThrew = true;
                }
                return;
            }
            int code;
            if (ExitHooks.HALT.equals(what)) {
                code = value & 0xff; // as the kernel keeps it
            } else if (ExitHooks.SHUTDOWN.equals(what)) {
                code = mainThrew ? 1 : 0; // as the java launcher returns after main
            } else {
                return;
            }
            UnixConnection manager = MANAGER.getAndSet(null);
            if (manager != null) {
                finish(manager, code);
            }
        } catch (Throwable e) {
            // the manager waits for the process instead
        }
    }

    private static void finish(UnixConnection manager, int code) throws java.io.IOException {
        try (manager) {
            cStdio.flush();
            StdioQuiescence.toDevNull(); // the caller's descriptors are no longer held here
            manager.writeFrame(new Exiting(code).toFrame());
        }
    }

}
