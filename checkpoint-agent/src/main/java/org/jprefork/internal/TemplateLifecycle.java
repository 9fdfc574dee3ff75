package org.jprefork.internal;

import java.io.IOException;
import org.jprefork.Prefork;
import org.jprefork.internal.unix.ErrnoException;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.PoolOptions;

/**
 * What the template does at {@code initialisationComplete}: make itself fit to be checkpointed,
 * ask the manager to dump it, park until released, then serve a call like any restored copy.
 *
 * <p>The image must hold no connection to the outside: the request to dump travels on a
 * connection closed before the dump, and the template parks on a pipe whose only writer is the
 * manager. A copy restored from the image finds that pipe without a writer and so wakes at once;
 * the template itself wakes when the manager closes its end after the dump.
 */
final class TemplateLifecycle {
    private final AgentConfig config;

    TemplateLifecycle(AgentConfig config) {
        this.config = config;
    }

    Prefork.Invocation checkpointAndServe(PoolOptions options) {
        HeapTrim heap = null;
        try (UnixConnection manager = UnixConnection.connect(config.socket())) {
            Greeting.parse(Frame.expect(manager.in(), MessageType.HELLO));
            Warmup.run();
            heap = HeapTrim.trim();
            StdioQuiescence.detach();
            options.toFrame().writeTo(manager.out());
        } catch (IOException | RuntimeException e) {
            System.err.println("jprefork: cannot ask the pool manager for a checkpoint: " + e.getMessage());
            Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
        }
        try {
            park();
        } catch (IOException e) {
            // stdio is /dev/null now: the manager sees this exit status and logs it.
            Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
        }
        heap.restore();
        Reseed.afterRestore();
        return CallReceiver.receive(config.socket());
    }

    /** Blocks until the control pipe reports end of file (the manager let go of its end). */
    private void park() throws IOException {
        byte[] buf = new byte[16];
        int fd = config.controlFd();
        while (true) {
            int n = Posix.get().read(fd, buf, buf.length);
            if (n == 0) {
                break;
            }
            if (n < 0 && Posix.get().errno() != jnr.constants.platform.Errno.EINTR.intValue()) {
                throw new ErrnoException("read(control pipe " + fd + ")", Posix.get().errno());
            }
        }
        Posix.closeQuietly(fd);
    }
}
