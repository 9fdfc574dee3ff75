package org.jprefork.manager;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Exiting;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.Status;

/**
 * One JVM that can run one call: the template after its dump, or a restored copy. It is ready
 * once it has connected and said COPY_READY; it is done when its process is reaped.
 */
final class Copy {
    private static final long READY_TIMEOUT_S = 30;
    private final String key;
    private volatile long pid;
    private final CompletableFuture<ReadyRegistry.Ready> ready;
    private final CompletableFuture<Status> exit;
    private Process process;

    /** {@code pid} 0: not known until the copy reports ready (it is known by its {@code key}). */
    Copy(long pid, String key, CompletableFuture<ReadyRegistry.Ready> ready, CompletableFuture<Status> exit) {
        this.pid = pid;
        this.key = key;
        this.ready = ready;
        this.exit = exit;
        ready.thenAccept(r -> {
            if (this.pid == 0) {
                this.pid = r.pid();
            }
        });
        // A copy that dies before it is ready will never be ready.
        exit.thenRun(() -> ready.completeExceptionally(new IOException("copy " + pid + " died before it was ready")));
        // Once it is gone, nobody waits on its connection any more (a child of the program that
        // inherited it could keep it open).
        exit.thenRun(() -> ready.thenAccept(r -> r.connection().shutdownInput()));
    }

    /** Also kill this process with the copy (the restore command of a copy not known by PID). */
    Copy alsoKilling(Process p) {
        this.process = p;
        return this;
    }

    /** The JVM's pid, as this process sees it: the target of signals (0 until known). */
    long pid() {
        return pid;
    }

    /** What the copy reports ready under. */
    String key() {
        return key;
    }

    CompletableFuture<Status> exit() {
        return exit;
    }

    boolean alive() {
        return !exit.isDone();
    }

    /** Hands the call to the copy: stdio descriptors with the CALL frame. */
    void start(CallRequest call, int[] stdio) throws IOException {
        UnixConnection connection = ready.join().connection();
        try {
            connection.writeFrame(call.toFrame(), stdio);
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Blocks until the call has a status: the exit code the copy says, on the connection the call
     * came on, as its program finishes (EXITING); else, once it closes that connection without
     * saying (death by a signal, a crash, a copy that cannot tell), what waitpid says.
     */
    Status finished() {
        UnixConnection connection = ready.join().connection();
        try (connection) {
            Frame f = Frame.readFrom(connection.in());
            if (f != null && f.type() == MessageType.EXITING) {
                return Exiting.fromFrame(f).status();
            }
        } catch (IOException e) {
            // garbled or cut: the process's own status decides
        }
        return exit.join();
    }

    /** Blocks until the copy is ready; a copy that dies or does not report in time is killed. */
    void awaitReady() throws IOException {
        try {
            ready.get(READY_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            kill();
            throw new IOException("copy " + pid + " did not report ready in " + READY_TIMEOUT_S + " s; killed it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted while waiting for copy " + pid);
        }
    }

    void signal(int sig) {
        if (alive() && pid > 0) {
            Posix.get().kill((int) pid, sig);
        }
    }

    void kill() {
        signal(9);
        if (process != null) {
            process.destroyForcibly();
        }
        ready.thenAccept(r -> {
            try {
                r.connection().close();
            } catch (IOException e) {
                // already gone
            }
        });
    }
}
