package org.jprefork.protocol;

/**
 * The RUN_PLAIN frame: the manager will not serve this call from a checkpoint (for instance the
 * program never calls {@code initialisationComplete}); the client runs it as plain java itself.
 * Payload: the reason, UTF-8, for logs.
 */
public record RunPlain(String reason) {

    public Frame toFrame() {
        return new Frame(MessageType.RUN_PLAIN, new Wire.Writer().string(reason).toByteArray());
    }

    public static RunPlain fromFrame(Frame frame) throws ProtocolException {
        Wire.Reader in = new Wire.Reader(frame.payload(), "RUN_PLAIN");
        RunPlain r = new RunPlain(in.string());
        in.end();
        return r;
    }
}
