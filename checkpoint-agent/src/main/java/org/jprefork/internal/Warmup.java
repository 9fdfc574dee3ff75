package org.jprefork.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import jnr.unixsocket.UnixSocketChannel;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.StdioFds;

/**
 * Runs, in the template, everything a copy runs when it takes a call, with the template's own
 * arguments and working directory and an empty environment. Copies then find those classes
 * loaded and initialised and jnr's native bindings generated, instead of paying for them in
 * every call (measured with strace on a copy: about 30 ms from receiving a call to the
 * program's first write, before this). The environment is left empty on purpose: the first
 * caller's must not be in the image ({@link EnvironmentScrub}), and every process woken from
 * the checkpoint takes its own caller's.
 */
final class Warmup {
    private Warmup() {
    }

    static void run() throws IOException {
        UnixSocketChannel[] pair = UnixSocketChannel.pair();
        try (UnixConnection a = UnixConnection.of(pair[0]); UnixConnection b = UnixConnection.of(pair[1])) {
            Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            CallRequest self = CallRequest.of(List.of(), Map.of(), System.getProperty("user.dir"), cs);
            a.writeFrame(self.toFrame(), 0, 1, 2);
            UnixConnection.ReceivedFrame received = b.readFrame(StdioFds.COUNT);
            for (int fd : received.fds()) {
                Posix.check(Posix.get().dup2(fd, fd), "dup2");
                Posix.closeQuietly(fd);
            }
            CallReceiver.takeProcessState(CallRequest.fromFrame(received.frame()));
        }
    }
}
