package org.jprefork.manager;

import java.io.IOException;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.RunLocal;
import org.jprefork.protocol.Status;

/**
 * Serves one call: waits for a turn under max_servers, gets a copy, hands it the caller's stdio
 * and invocation, and reports its status. If the caller goes away first, the copy gets SIGINT,
 * then SIGKILL after a grace period: nothing outlives its caller.
 *
 * <p>The caller gets the status as soon as the copy says its program has finished (EXITING),
 * while the copy's JVM and memory are still being torn down; the turn under max_servers is held
 * until the process is gone (docs/design.md, "The end of a call").
 */
final class CallSession {
    private final Pool pool;
    private final ConcurrencyLimit limit;
    private final ActivityTracker activity;
    private final PoolNote note;

    CallSession(Pool pool, ConcurrencyLimit limit, ActivityTracker activity, PoolNote note) {
        this.pool = pool;
        this.limit = limit;
        this.activity = activity;
        this.note = note;
    }

    /** What a call came to: the reply, and the copy that ran it (null if none did). */
    private record Outcome(Frame reply, Copy copy, Status status, long waitedMs, long ranMs) {
    }

    /** {@code callerPid}: the client's pid (SO_PEERCRED), or 0 when unknown. */
    void serve(UnixConnection client, int[] stdio, CallRequest call, long callerPid) {
        activity.begin();
        CallerWatch watch = CallerWatch.start(client);
        try {
            limit.acquire();
            try {
                Outcome o = run(watch, stdio, call, callerPid);
                // The caller's leaving from now on is its normal end, not a reason to interrupt.
                watch.detach();
                // Before the reply: a reader of the caller's pipe sees its end when the caller does.
                closeAll(stdio);
                if (o.copy() != null) {
                    logServed(o); // before the reply too: when the caller returns, its call is in the log
                }
                client.writeFrame(o.reply());
                if (o.copy() != null) {
                    if (o.copy().alive()) {
                        // Its program has finished: what is left (the JVM's teardown, freeing its
                        // memory) must not slow the calls under way.
                        BackgroundPriority.lowerProcess(o.copy().pid());
                    }
                    awaitEnd(o);
                }
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
            closeAll(stdio);
            watch.stop(client);
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            activity.end();
        }
    }

    private Outcome run(CallerWatch watch, int[] stdio, CallRequest call, long callerPid) throws IOException {
        if (watch.callerGone()) {
            throw new IOException("the caller went away before its turn");
        }
        boolean startupNotesShown = false;
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            Assignment assignment = pool.assign(call, stdio[2], callerPid);
            String poolNote = attempt == 0 ? note.take() : null;
            if (assignment instanceof Assignment.Local local) {
                if (local.afterReply() != null) {
                    local.afterReply().accept(call);
                }
                String lines = PoolNote.join(poolNote, local.note());
                return new Outcome(new RunLocal(local.command(), lines == null ? "" : lines).toFrame(), null, null, 0, 0);
            }
            if (poolNote != null) {
                CallerStderr.line(stdio[2], poolNote);
            }
            if (assignment instanceof Assignment.Finished finished) {
                return new Outcome(finished.status().toFrame(), null, null, 0, 0);
            }
            Assignment.Run run = (Assignment.Run) assignment;
            Copy copy = run.copy();
            if (pool.verifier().claim(call, stdio)) {
                boolean notesShown = startupNotesShown || run.startedForCaller();
                return new Outcome(pool.verifier().run(copy, call, stdio, watch, notesShown).toFrame(), null, null, 0, 0);
            }
            if (!startupNotesShown && !run.startedForCaller()) {
                JvmStartupNotes.write(stdio[2], call.env());
            }
            startupNotesShown = true;
            long t1 = System.nanoTime();
            copy.start(call, stdio);
            watch.attach(copy);
            Status status = copy.finished();
            boolean notStarted = status.isExited() && status.exitCode() == ExitCodes.COPY_NOT_STARTED;
            if (!notStarted || attempt == 2) {
                return new Outcome(status.toFrame(), copy, status, (t1 - t0) / 1_000_000,
                        (System.nanoTime() - t1) / 1_000_000);
            }
            // The copy died before it took the caller's stdio: nothing reached the caller.
            ManagerLog.error("copy " + copy.pid() + " could not take the call (its reason is in "
                    + "the socket's .copy-errors file); giving the call to another copy", null);
        }
    }

    private static void logServed(Outcome o) {
        ManagerLog.info("call served by pid " + o.copy().pid() + ": " + o.status() + "; waited " + o.waitedMs()
                + " ms for the copy, ran " + o.ranMs() + " ms"
                + (o.copy().alive() ? "; the program has finished, its process is still ending" : ""));
    }

    /**
     * Holds the call's turn until the copy's process is gone (it holds memory, and its files
     * and sockets, until then), and checks that it ended as it said it would.
     */
    private static void awaitEnd(Outcome o) {
        Status end = o.copy().exit().join();
        if (!end.equals(o.status())) {
            // A native exit handler or a crash during the JVM's teardown; plain java would have
            // reported this one. The caller already has the status the program finished with.
            ManagerLog.error("copy " + o.copy().pid() + " said it was ending with " + o.status()
                    + " but its process ended with " + end, null);
        }
    }

    private static void closeAll(int[] fds) {
        for (int i = 0; i < fds.length; i++) {
            Posix.closeQuietly(fds[i]);
            fds[i] = -1;
        }
    }
}
