package org.jprefork.protocol;

/**
 * The EXITING frame: a copy whose program has finished says, before its JVM is torn down, the
 * exit code its process is ending with. Payload: u32, 0-255.
 */
public record Exiting(int exitCode) {

    public Exiting {
        if (exitCode < 0 || exitCode > 255) {
            throw new IllegalArgumentException("exit code out of range: " + exitCode);
        }
    }

    /** The process's exit status: the same code, as a wait status. */
    public Status status() {
        return Status.exited(exitCode);
    }

    public Frame toFrame() {
        return new Frame(MessageType.EXITING, new Wire.Writer().u32(exitCode).toByteArray());
    }

    public static Exiting fromFrame(Frame frame) throws ProtocolException {
        if (frame.type() != MessageType.EXITING) {
            throw new ProtocolException("expected EXITING, got " + frame.type());
        }
        Wire.Reader in = new Wire.Reader(frame.payload(), "EXITING");
        int code = in.u32();
        in.end();
        if (code < 0 || code > 255) {
            throw new ProtocolException("EXITING with exit code " + code);
        }
        return new Exiting(code);
    }
}
