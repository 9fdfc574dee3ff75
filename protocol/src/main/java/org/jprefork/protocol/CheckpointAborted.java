package org.jprefork.protocol;

/**
 * The CHECKPOINT_ABORTED frame: the template's CRaC resources refused the checkpoint. Payload: the
 * reason, UTF-8, for the log and later callers.
 */
public record CheckpointAborted(String reason) {

    public Frame toFrame() {
        return new Frame(MessageType.CHECKPOINT_ABORTED, new Wire.Writer().string(reason).toByteArray());
    }

    public static CheckpointAborted fromFrame(Frame frame) throws ProtocolException {
        Wire.Reader in = new Wire.Reader(frame.payload(), "CHECKPOINT_ABORTED");
        CheckpointAborted r = new CheckpointAborted(in.string());
        in.end();
        return r;
    }
}
