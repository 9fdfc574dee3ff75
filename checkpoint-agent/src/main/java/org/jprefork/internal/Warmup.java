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
 * arguments and working directory. Copies then find those classes
 * loaded and initialised and jnr's native bindings generated, instead of paying for them in
 * every call (measured with strace on a copy: about 30 ms from receiving a call to the
 * program's first write, before this).
 *
 * <p>It runs {@link #PASSES} times with a made-up environment of {@link #WARM_ENTRIES} variables: a
 * caller's environment has dozens, and code that only runs per variable (setenv, the JDK's
 * environment entries, made through reflection) must have run too. On JDK 17 the first 15 calls
 * of a reflected method go through JNI and the 16th generates an accessor class: warmed with an
 * empty environment, every copy generated two of them, about 10 ms per call (issue 17). Then
 * once with an empty environment, which is what the image keeps: the first caller's must not be in it
 * ({@link EnvironmentScrub}), and every process woken from the checkpoint takes its own caller's.
 */
final class Warmup {
    /** More than the JDK's reflection inflation threshold (15), and a typical caller's count. */
    static final int WARM_ENTRIES = 40;

    /**
     * Passes with the made-up environment. Enough for the JIT to have compiled the call's path
     * before the checkpoint (per-variable code runs 40 times a pass, past C2's thresholds):
     * with one pass every copy compiled the same handful of methods again during its call, a
     * C1 thread busy for about 3 ms beside the program on a 2-core machine, and the call took
     * 2 ms longer (issue 17, docs/benchmarks.md). A pass costs well under a millisecond once
     * compiled, in the template, where no caller waits.
     */
    static final int PASSES = 1000;

    private Warmup() {
    }

    /** {@code passes}: how many times with the made-up environment (see {@link #PASSES}). */
    static void run(int passes) throws IOException {
        Map<String, String> madeUp = new java.util.LinkedHashMap<>();
        for (int i = 0; i < WARM_ENTRIES; i++) {
            madeUp.put("JPREFORK_WARM_UP_" + i, "value of a made-up variable " + i);
        }
        for (int i = 0; i < passes; i++) {
            runWith(madeUp);
        }
        runWith(Map.of());
    }

    private static void runWith(Map<String, String> env) throws IOException {
        UnixSocketChannel[] pair = UnixSocketChannel.pair();
        try (UnixConnection a = UnixConnection.of(pair[0]); UnixConnection b = UnixConnection.of(pair[1])) {
            Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            CallRequest self = CallRequest.of(List.of(), env, System.getProperty("user.dir"), cs);
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
