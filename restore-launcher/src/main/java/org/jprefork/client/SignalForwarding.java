package org.jprefork.client;

import java.io.IOException;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.SignalRequest;
import sun.misc.Signal;

/**
 * The Java client's signal forwarding: INT, TERM and HUP sent to it go to the program's copy
 * (the JVM keeps QUIT, USR1 and USR2 for itself; the native client forwards those too).
 */
final class SignalForwarding {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

    private SignalForwarding() {
    }

    static void start(UnixConnection call) {
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), s -> {
                try {
                    call.writeFrame(new SignalRequest(s.getNumber()).toFrame());
                } catch (IOException e) {
                    // the call is over
                }
            });
        }
    }
}
