package org.jprefork.protocol;

import java.nio.ByteBuffer;

/**
 * The STATUS frame: the raw Linux wait status (as waitpid(2) reports it) of the process that ran
 * the call, u32 big-endian; and the decoding rules every client applies to it.
 */
public record Status(int waitStatus) {

    public static Status exited(int code) {
        return new Status((code & 0xff) << 8);
    }

    public static Status signalled(int signal) {
        return new Status(signal & 0x7f);
    }

    public boolean isExited() {
        return (waitStatus & 0x7f) == 0;
    }

    public int exitCode() {
        return (waitStatus >> 8) & 0xff;
    }

    public boolean isSignalled() {
        int sig = waitStatus & 0x7f;
        return sig != 0 && sig != 0x7f;
    }

    public int signal() {
        return waitStatus & 0x7f;
    }

    public boolean coreDumped() {
        return (waitStatus & 0x80) != 0;
    }

    /** The exit status a shell shows for this wait status: the code, or 128 + signal. */
    public int shellStatus() {
        return isSignalled() ? 128 + signal() : exitCode();
    }

    public Frame toFrame() {
        return new Frame(MessageType.STATUS, ByteBuffer.allocate(4).putInt(waitStatus).array());
    }

    public static Status fromFrame(Frame frame) throws ProtocolException {
        byte[] p = frame.payload();
        if (frame.type() != MessageType.STATUS || p.length != 4) {
            throw new ProtocolException("malformed STATUS frame");
        }
        return new Status(ByteBuffer.wrap(p).getInt());
    }

    @Override
    public String toString() {
        return isSignalled() ? "killed by signal " + signal() + (coreDumped() ? " (core dumped)" : "")
                : "exit " + exitCode();
    }
}
