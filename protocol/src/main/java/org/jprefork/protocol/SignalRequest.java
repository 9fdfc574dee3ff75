package org.jprefork.protocol;

import java.nio.ByteBuffer;

/**
 * The SIGNAL frame: the client received a signal meant for the program (Ctrl-C, kill, a window
 * resize) and asks the manager to deliver it to the copy running the call. Payload: u32 signal.
 */
public record SignalRequest(int signal) {
    /** Signals a client forwards: HUP INT QUIT USR1 USR2 TERM CONT TSTP WINCH. */
    public static final int[] FORWARDED = {1, 2, 3, 10, 12, 15, 18, 20, 28};

    public Frame toFrame() {
        return new Frame(MessageType.SIGNAL, ByteBuffer.allocate(4).putInt(signal).array());
    }

    public static SignalRequest fromFrame(Frame frame) throws ProtocolException {
        byte[] p = frame.payload();
        if (frame.type() != MessageType.SIGNAL || p.length != 4) {
            throw new ProtocolException("malformed SIGNAL frame");
        }
        int sig = ByteBuffer.wrap(p).getInt();
        for (int allowed : FORWARDED) {
            if (sig == allowed) {
                return new SignalRequest(sig);
            }
        }
        throw new ProtocolException("signal " + sig + " is not one a client may forward");
    }
}
