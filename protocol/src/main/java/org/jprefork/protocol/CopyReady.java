package org.jprefork.protocol;

/**
 * The COPY_READY frame. Payload: empty (the manager knows the copy by its PID), or a token that
 * the manager gave the copy's restore command (CRaC engine), UTF-8.
 */
public record CopyReady(String token) {

    public Frame toFrame() {
        return new Frame(MessageType.COPY_READY, token == null ? new byte[0]
                : new Wire.Writer().string(token).toByteArray());
    }

    /** The token, or null when the copy is known by its PID. */
    public static CopyReady fromFrame(Frame frame) throws ProtocolException {
        if (frame.payload().length == 0) {
            return new CopyReady(null);
        }
        Wire.Reader in = new Wire.Reader(frame.payload(), "COPY_READY");
        CopyReady r = new CopyReady(in.string());
        in.end();
        return r;
    }
}
