package org.jprefork.manager;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.RunPlain;
import org.jprefork.protocol.SignalRequest;
import org.jprefork.protocol.Status;

/**
 * Serves one call: waits for a turn under max_servers, gets a copy, hands it the caller's stdio
 * and invocation, and reports its wait status. If the caller goes away first, the copy gets
 * SIGINT, then SIGKILL after a grace period: nothing outlives its caller.
 */
final class CallSession {
    static final long KILL_GRACE_MS = 3_000;
    private static final int SIGINT = 2;
    private static final int SIGKILL = 9;
    private static final int SIGSTOP = 19;
    private static final int SIGTSTP = 20;

    private final Pool pool;
    private final ConcurrencyLimit limit;
    private final ActivityTracker activity;

    CallSession(Pool pool, ConcurrencyLimit limit, ActivityTracker activity) {
        this.pool = pool;
        this.limit = limit;
        this.activity = activity;
    }

    void serve(UnixConnection client, int[] stdio, CallRequest call) {
        activity.begin();
        try {
            limit.acquire();
            try {
                client.writeFrame(run(client, stdio, call));
            } finally {
                limit.release();
            }
        } catch (IOException | RuntimeException e) {
            ManagerLog.error("call failed", e);
            try {
                client.writeFrame(new Failure(ExitCodes.SERVER_FAILED,
                        "jprefork: the call failed: " + e.getMessage()).toFrame());
            } catch (IOException ignored) {
                // the caller is gone
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (int fd : stdio) {
                Posix.closeQuietly(fd);
            }
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            activity.end();
        }
    }

    private Frame run(UnixConnection client, int[] stdio, CallRequest call)
            throws IOException {
        long t0 = System.nanoTime();
        Assignment assignment = pool.assign(call, stdio[2]);
        if (assignment instanceof Assignment.Plain plain) {
            return new RunPlain(plain.reason()).toFrame();
        }
        if (assignment instanceof Assignment.Finished finished) {
            return finished.status().toFrame();
        }
        Copy copy = ((Assignment.Run) assignment).copy();
        long t1 = System.nanoTime();
        copy.start(call, stdio);
        watchCaller(client, copy);
        Status status = copy.exit().join();
        ManagerLog.info("call served by pid " + copy.pid() + ": " + status + "; waited "
                + (t1 - t0) / 1_000_000 + " ms for the copy, ran " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        return status.toFrame();
    }

    /**
     * The copy is the init of its PID namespace, which the kernel protects from signals it has
     * no handler for: a terminal stop (TSTP) would be dropped, so it is delivered as STOP.
     */
    private static void deliver(Copy copy, int sig) {
        copy.signal(sig == SIGTSTP ? SIGSTOP : sig);
    }

    /**
     * Delivers the signals the caller forwards, and kills the copy if the caller's connection
     * closes before the copy finishes.
     */
    private static void watchCaller(UnixConnection client, Copy copy) {
        Thread t = new Thread(() -> {
            try {
                Frame frame;
                while ((frame = Frame.readFrom(client.in())) != null) {
                    if (frame.type() == MessageType.SIGNAL) {
                        deliver(copy, SignalRequest.fromFrame(frame).signal());
                    }
                }
            } catch (IOException e) {
                // closed or garbled: the caller is gone either way
            }
            if (copy.alive()) {
                ManagerLog.info("caller went away; interrupting pid " + copy.pid());
                copy.signal(SIGINT);
                CompletableFuture.delayedExecutor(KILL_GRACE_MS, TimeUnit.MILLISECONDS)
                        .execute(() -> copy.signal(SIGKILL));
            }
        }, "caller-watch-" + copy.pid());
        t.setDaemon(true);
        t.start();
    }
}
