package org.jprefork.protocol;

/**
 * The ERROR frame: jprefork itself could not serve the call. Payload: u32 exit code for the
 * client, then a one-line message (UTF-8).
 */
public record Failure(int exitCode, String message) {

    public Frame toFrame() {
        return new Frame(MessageType.ERROR, new Wire.Writer().u32(exitCode).string(message).toByteArray());
    }

    public static Failure fromFrame(Frame frame) throws ProtocolException {
        Wire.Reader in = new Wire.Reader(frame.payload(), "ERROR");
        Failure failure = new Failure(in.u32(), in.string());
        in.end();
        return failure;
    }
}
