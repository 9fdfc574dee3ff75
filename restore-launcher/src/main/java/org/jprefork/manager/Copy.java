package org.jprefork.manager;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Status;

/**
 * One JVM that can run one call: the template after its dump, or a restored copy. It is ready
 * once it has connected and said COPY_READY; it is done when its process is reaped.
 */
final class Copy {
    private final long pid;
    private final CompletableFuture<UnixConnection> ready;
    private final CompletableFuture<Status> exit;

    Copy(long pid, CompletableFuture<UnixConnection> ready, CompletableFuture<Status> exit) {
        this.pid = pid;
        this.ready = ready;
        this.exit = exit;
        // A copy that dies before it is ready will never be ready.
        exit.thenRun(() -> ready.completeExceptionally(new IOException("copy " + pid + " died before it was ready")));
    }

    /** The JVM's pid, as this process sees it: the target of signals. */
    long pid() {
        return pid;
    }

    CompletableFuture<Status> exit() {
        return exit;
    }

    boolean alive() {
        return !exit.isDone();
    }

    /** Hands the call to the copy: stdio descriptors with the CALL frame. */
    void start(CallRequest call, int[] stdio) throws IOException {
        UnixConnection connection = ready.join();
        try (connection) {
            connection.writeFrame(call.toFrame(), stdio);
        }
    }

    /** Blocks until the copy is ready (or dead). */
    void awaitReady() throws IOException {
        try {
            ready.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    void signal(int sig) {
        if (alive()) {
            Posix.get().kill((int) pid, sig);
        }
    }

    void kill() {
        signal(9);
        ready.thenAccept(c -> {
            try {
                c.close();
            } catch (IOException e) {
                // already gone
            }
        });
    }
}
