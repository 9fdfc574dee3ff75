package org.jprefork.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import org.jprefork.Prefork;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.CopyReady;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.StdioFds;

/** In a copy: announce readiness, wait for a call, and take on the caller's stdio, env and cwd. */
final class CallReceiver {
    private CallReceiver() {
    }

    /** {@code token}: what the manager named this copy by, or null when it knows it by PID. */
    static Prefork.Invocation receive(Path socket, String token) {
        int[] fds = new int[0];
        CallRequest call;
        UnixConnection manager = null;
        try {
            manager = UnixConnection.connect(socket);
            Greeting.parse(Frame.expect(manager.in(), MessageType.HELLO));
            new CopyReady(token).toFrame().writeTo(manager.out());
            UnixConnection.ReceivedFrame received = manager.readFrame(StdioFds.COUNT);
            if (received == null) {
                throw new java.io.EOFException("the pool manager went away");
            }
            fds = received.fds();
            call = CallRequest.fromFrame(received.frame());
            if (fds.length != StdioFds.COUNT) {
                throw new IOException("a call came with " + fds.length + " descriptors, not 3");
            }
        } catch (IOException | RuntimeException e) {
            // Nothing reached the caller yet: note why beside the socket, and let the manager
            // give the call to another copy.
            for (int fd : fds) {
                Posix.closeQuietly(fd);
            }
            closeQuietly(manager);
            noteFailure(socket, e.toString());
            Runtime.getRuntime().halt(ExitCodes.COPY_NOT_STARTED);
            throw new AssertionError(e);
        }
        Prefork.Invocation invocation;
        try {
            invocation = install(fds, call);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw fail(fds, "cannot take on the caller's process state", e);
        }
        // The connection stays open to say the exit code at the end; else the manager waits.
        if (!org.jprefork.internal.exit.ExitReport.arm(manager)) {
            closeQuietly(manager);
        }
        return invocation;
    }

    private static void closeQuietly(UnixConnection c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the manager sees it gone either way
            }
        }
    }

    /** Notes why this copy or template gives up, beside the socket, where the manager looks. */
    static void noteFailure(Path socket, String why) {
        try {
            java.nio.file.Files.writeString(Path.of(socket + ".copy-errors"),
                    ProcessHandle.current().pid() + " " + java.time.Instant.now() + " " + why + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException ignored) {
            // the exit status still tells the manager
        }
    }

    /** Tells the caller (straight to its stderr descriptor: System.err may be /dev/null) and exits. */
    private static AssertionError fail(int[] fds, String what, Throwable e) {
        if (fds.length == StdioFds.COUNT) {
            byte[] message = ("jprefork: " + what + ": " + e + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Posix.get().write(fds[2], message, message.length);
        }
        Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
        return new AssertionError(e);
    }

    private static Prefork.Invocation install(int[] fds, CallRequest call) throws IOException {
        System.out.flush();
        System.err.flush();
        for (int i = 0; i < fds.length; i++) {
            Posix.check(Posix.get().dup2(fds[i], i), "dup2(" + fds[i] + ", " + i + ")");
            Posix.closeQuietly(fds[i]);
        }
        return takeProcessState(call);
    }

    /** Takes on the call's environment and working directory; idempotent. */
    static Prefork.Invocation takeProcessState(CallRequest call) throws IOException {
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        Map<String, String> env = call.envMap(cs);
        String cwd = call.cwdString(cs);
        // A caller whose directory was removed still runs, as plain java would, from a dead cwd:
        // stay in "/" for the kernel and report the caller's path to Java.
        Posix.get().chdir(cwd);
        EnvironmentSwap.replaceRaw(call.env());
        WorkingDirectorySwap.apply(Path.of(cwd));
        return new Prefork.Invocation(call.argStrings(cs), env, Path.of(cwd));
    }
}
