package org.jprefork.manager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.SignalRequest;

/**
 * Listens to a caller from the moment its call arrives: signals it forwards reach the copy (held
 * back until there is one: while the template initialises or the call waits its turn), and if
 * the caller goes away, the copy gets SIGINT, then SIGKILL after a grace period.
 */
final class CallerWatch {
    static final long KILL_GRACE_MS = 3_000;
    private static final int SIGINT = 2;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    private static final int SIGTSTP = 20;

    private final List<Integer> pending = new ArrayList<>();
    private Copy copy;
    private boolean gone;
    private boolean detached;

    private CallerWatch() {
    }

    static CallerWatch start(UnixConnection client) {
        CallerWatch watch = new CallerWatch();
        Thread t = new Thread(() -> watch.listen(client), "caller-watch");
        t.setDaemon(true);
        t.start();
        return watch;
    }

    private void listen(UnixConnection client) {
        try {
            Frame frame;
            while ((frame = Frame.readFrom(client.in())) != null) {
                if (frame.type() == MessageType.SIGNAL) {
                    signal(SignalRequest.fromFrame(frame).signal());
                }
            }
        } catch (IOException e) {
            // closed or garbled: the caller is gone either way
        }
        Copy c;
        synchronized (this) {
            gone = true;
            c = detached ? null : copy;
        }
        if (c != null) {
            interrupt(c);
        }
    }

    private synchronized void signal(int sig) {
        if (detached) {
            return;
        }
        if (copy != null) {
            deliver(copy, sig);
        } else {
            pending.add(sig);
        }
    }

    /** Whether the caller has already gone away. */
    synchronized boolean callerGone() {
        return gone;
    }

    /** The copy now running the call receives what the caller sent meanwhile. */
    void attach(Copy c) {
        boolean interruptNow;
        synchronized (this) {
            copy = c;
            pending.forEach(sig -> deliver(c, sig));
            pending.clear();
            interruptNow = gone;
        }
        if (interruptNow) {
            interrupt(c);
        }
    }

    /**
     * The call has its status: from now on the caller leaves because it is done, and its copy,
     * which may still be tearing down, is left alone.
     */
    synchronized void detach() {
        detached = true;
        pending.clear();
    }

    /**
     * The copy is the init of its PID namespace, which the kernel protects from signals it has
     * no handler for: a terminal stop (TSTP) would be dropped, so it is delivered as STOP.
     */
    private static void deliver(Copy c, int sig) {
        c.signal(sig == SIGTSTP ? SIGSTOP : sig);
    }

    private static void interrupt(Copy c) {
        if (c.alive()) {
            ManagerLog.info("caller went away; interrupting pid " + c.pid());
            c.signal(SIGINT);
            CompletableFuture.delayedExecutor(KILL_GRACE_MS, TimeUnit.MILLISECONDS).execute(() -> c.signal(SIGKILL));
        }
    }
}
