package org.jprefork.manager;

import java.io.IOException;
import jnr.constants.platform.Errno;
import org.jprefork.internal.unix.ErrnoException;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.HeldFiles;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.ProtocolVersion;
import org.jprefork.protocol.StdioFds;

/** Greets a new connection and dispatches it by its first frame: a call, a template, a copy. */
final class ConnectionHandler {
    private final Pool pool;
    private final CallSession calls;
    private final ErrorCounter errors;
    private final int uid;

    ConnectionHandler(Pool pool, CallSession calls, ErrorCounter errors, int uid) {
        this.pool = pool;
        this.calls = calls;
        this.errors = errors;
        this.uid = uid;
    }

    /**
     * What a template sends after its request, if anything (HELD_FILES), up to the end of the
     * connection, which the template closes before it may be dumped.
     */
    private static TemplateStarter.HeldByTemplate heldFiles(UnixConnection c) throws IOException {
        UnixConnection.ReceivedFrame next = c.readFrame(HeldFiles.MAX_SHARED);
        TemplateStarter.HeldByTemplate held = null;
        if (next != null) {
            try {
                HeldFiles files = HeldFiles.fromFrame(next.frame());
                if (next.fds().length != files.shared().size()) {
                    throw new org.jprefork.protocol.ProtocolException("HELD_FILES names " + files.shared().size()
                            + " files open for writing but carries " + next.fds().length + " descriptors");
                }
                held = new TemplateStarter.HeldByTemplate(files, next.fds());
            } catch (IOException | RuntimeException e) {
                next.closeFds();
                throw e;
            }
        }
        try {
            while (c.in().read() >= 0) {
                // nothing more is expected
            }
            c.close();
        } catch (IOException e) {
            if (held != null) {
                held.closeFds();
            }
            throw e;
        }
        return held;
    }

    /**
     * Sends the greeting and reads the first frame; null when the peer left before sending one.
     * A peer that only checks that the pool answers (a client about to build one) closes at once,
     * often before the greeting is written or read: that is no error of the pool.
     */
    private static UnixConnection.ReceivedFrame greet(UnixConnection c) throws IOException {
        try {
            c.writeFrame(Greeting.frame(ProtocolVersion.CURRENT));
            return c.readFrame(StdioFds.COUNT);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE.intValue() || e.errno() == Errno.ECONNRESET.intValue()) {
                return null;
            }
            throw e;
        }
    }

    void handle(UnixConnection c) {
        try {
            var peer = c.peer();
            if (peer.getUid() != uid) {
                ManagerLog.info("refused a connection from uid " + peer.getUid() + " (pid " + peer.getPid() + ")");
                c.close();
                return;
            }
            UnixConnection.ReceivedFrame first = greet(c);
            if (first != null && first.frame().type() == MessageType.HELLO) {
                // A client's own HELLO, sent with its CALL without waiting for ours.
                first.closeFds();
                try {
                    Greeting.parse(first.frame());
                } catch (org.jprefork.protocol.ProtocolException e) {
                    c.writeFrame(new Failure(ExitCodes.SERVER_FAILED, "jprefork: " + e.getMessage()
                            + "; restart the pool with jprefork -f ...").toFrame());
                    c.close();
                    return;
                }
                first = c.readFrame(StdioFds.COUNT);
            }
            if (first == null) {
                c.close();
                return;
            }
            switch (first.frame().type()) {
                case CALL -> {
                    if (first.fds().length != StdioFds.COUNT) {
                        first.closeFds();
                        c.writeFrame(new Failure(ExitCodes.SERVER_FAILED,
                                "jprefork: a call must carry stdin, stdout and stderr").toFrame());
                        c.close();
                        return;
                    }
                    CallRequest call;
                    try {
                        call = CallRequest.fromFrame(first.frame());
                    } catch (IOException e) {
                        first.closeFds();
                        throw e;
                    }
                    calls.serve(c, first.fds(), call, peer.getPid());
                }
                case BUILD -> {
                    first.closeFds();
                    CallRequest invocation = CallRequest.fromFrame(first.frame());
                    // Closed once the generation exists: a call after that finds it (the builder
                    // lets go of the ident's lock when it sees the close).
                    pool.build(invocation);
                    c.close();
                }
                case CHECKPOINT_READY -> {
                    first.closeFds();
                    PoolOptions options = PoolOptions.fromFrame(first.frame());
                    pool.checkpointRequested(peer.getPid(), options, heldFiles(c));
                }
                case CHECKPOINT_ABORTED -> {
                    first.closeFds();
                    String reason = org.jprefork.protocol.CheckpointAborted.fromFrame(first.frame()).reason();
                    pool.checkpointAborted(peer.getPid(), reason, heldFiles(c));
                }
                case WARMUP_CHECKED -> {
                    first.closeFds();
                    // Routed before the connection closes: the template waits for that to go on or exit.
                    pool.warmupChecked(peer.getPid(), org.jprefork.protocol.WarmupChecked.fromFrame(first.frame()));
                    c.close();
                }
                case COPY_READY -> {
                    first.closeFds();
                    String token = org.jprefork.protocol.CopyReady.fromFrame(first.frame()).token();
                    pool.copyReady(peer.getPid(), token, c);
                }
                default -> {
                    first.closeFds();
                    throw new org.jprefork.protocol.ProtocolException(
                            "unexpected first frame " + first.frame().type());
                }
            }
        } catch (IOException | RuntimeException e) {
            errors.record("bad connection", e);
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
