package org.jprefork.manager;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Copy copy;
    private boolean gone;
    private boolean detached;

    private CallerWatch() {
    }

    /** Threads kept for a minute after their call: starting a thread per call took the call's time. */
    private static final ExecutorService WATCHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caller-watch");
        t.setDaemon(true);
        return t;
    });

    static CallerWatch start(UnixConnection client) {
        CallerWatch watch = new CallerWatch();
        WATCHERS.execute(() -> watch.listen(client));
        return watch;
    }

    private void listen(UnixConnection client) {
        try {
            listenUntilGone(client);
        } finally {
            done.complete(null);
        }
    }

    private void listenUntilGone(UnixConnection client) {
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
     * Ends the watch before the caller's connection is closed: a reader left behind would read
     * whatever connection is given the same descriptor number next.
     */
    void stop(UnixConnection client) {
        detach();
        client.shutdownInput(); // the reader sees end of stream
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ManagerLog.error("a caller's watch did not end", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
