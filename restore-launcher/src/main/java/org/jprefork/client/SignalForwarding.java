package org.jprefork.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.SignalRequest;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While it is open, INT, TERM and HUP sent to the Java client go to the program instead: to its
 * copy (a SIGNAL frame), or to a plain java child. The JVM keeps QUIT, USR1 and USR2 for itself;
 * the native client forwards those too. Closing puts the previous handlers back.
 */
final class SignalForwarding implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final IntConsumer forward;
    private final List<Integer> held = new ArrayList<>();
    private boolean armed;

    private SignalForwarding(IntConsumer forward, boolean armed) {
        this.forward = forward;
        this.armed = armed;
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            signals.add(signal);
            previous.add(Signal.handle(signal, s -> received(s.getNumber())));
        }
    }

    private synchronized void received(int sig) {
        if (armed) {
            forward.accept(sig);
        } else {
            held.add(sig);
        }
    }

    /**
     * Forwards to the copy running a call. Installed before the call is sent (a signal must not
     * kill the client in between) and held until {@link #arm()}: nothing may precede CALL.
     */
    static SignalForwarding toCall(UnixConnection call) {
        return new SignalForwarding(sig -> {
            try {
                call.writeFrame(new SignalRequest(sig).toFrame());
            } catch (IOException e) {
                // the call is over
            }
        }, false);
    }

    /** The call has been sent: forward what was held, and what comes. */
    synchronized void arm() {
        armed = true;
        held.forEach(forward::accept);
        held.clear();
    }

    /** Forwards to a child process. */
    static SignalForwarding to(Process child) {
        return new SignalForwarding(sig -> Posix.get().kill((int) child.pid(), sig), true);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
