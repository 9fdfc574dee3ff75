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
 * and invocation, and reports its wait status. If the caller goes away first, the copy gets
 * SIGINT, then SIGKILL after a grace period: nothing outlives its caller.
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

    /** {@code callerPid}: the client's pid (SO_PEERCRED), or 0 when unknown. */
    void serve(UnixConnection client, int[] stdio, CallRequest call, long callerPid) {
        activity.begin();
        CallerWatch watch = CallerWatch.start(client);
        try {
            limit.acquire();
            try {
                client.writeFrame(run(watch, stdio, call, callerPid));
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

    private Frame run(CallerWatch watch, int[] stdio, CallRequest call, long callerPid) throws IOException {
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
                return new RunLocal(local.command(), lines == null ? "" : lines).toFrame();
            }
            if (poolNote != null) {
                CallerStderr.line(stdio[2], poolNote);
            }
            if (assignment instanceof Assignment.Finished finished) {
                return finished.status().toFrame();
            }
            Assignment.Run run = (Assignment.Run) assignment;
            Copy copy = run.copy();
            if (pool.verifier().claim(call, stdio)) {
                boolean notesShown = startupNotesShown || run.startedForCaller();
                return pool.verifier().run(copy, call, stdio, watch, notesShown).toFrame();
            }
            if (!startupNotesShown && !run.startedForCaller()) {
                JvmStartupNotes.write(stdio[2], call.env());
            }
            startupNotesShown = true;
            long t1 = System.nanoTime();
            copy.start(call, stdio);
            watch.attach(copy);
            Status status = copy.exit().join();
            ManagerLog.info("call served by pid " + copy.pid() + ": " + status + "; waited "
                    + (t1 - t0) / 1_000_000 + " ms for the copy, ran " + (System.nanoTime() - t1) / 1_000_000 + " ms");
            boolean notStarted = status.isExited() && status.exitCode() == ExitCodes.COPY_NOT_STARTED;
            if (!notStarted || attempt == 2) {
                return status.toFrame();
            }
            // The copy died before it took the caller's stdio: nothing reached the caller.
            ManagerLog.error("copy " + copy.pid() + " could not take the call (its reason is in "
                    + "the socket's .copy-errors file); giving the call to another copy", null);
        }
    }
}
