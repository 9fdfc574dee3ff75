package org.jprefork.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One protocol message: a type byte, a 4-byte big-endian payload length, the payload.
 */
public final class Frame {
    /** Frames larger than this are refused: args and env of a call fit comfortably. */
    public static final int MAX_PAYLOAD = 64 << 20;

    private final MessageType type;
    private final byte[] payload;

    public Frame(MessageType type, byte[] payload) {
        this.type = type;
        this.payload = payload.clone();
    }

    public MessageType type() {
        return type;
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** The frame as it goes on the wire. */
    public byte[] encode() {
        return ByteBuffer.allocate(5 + payload.length)
                .put((byte) type.code()).putInt(payload.length).put(payload).array();
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(encode());
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @return the frame, or null on a clean end of stream before its first byte
     */
    public static Frame readFrom(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        return readRest(first, in);
    }

    /** Reads the rest of a frame whose type byte was already read (with its descriptors). */
    public static Frame readRest(int first, InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            MessageType type = MessageType.fromCode(first);
            // One read for the length (readInt reads byte by byte: four system calls unbuffered).
            byte[] header = new byte[4];
            data.readFully(header);
            int length = ByteBuffer.wrap(header).getInt();
            if (length < 0 || length > MAX_PAYLOAD) {
                throw new ProtocolException("frame payload of " + Integer.toUnsignedString(length)
                        + " bytes exceeds the limit of " + MAX_PAYLOAD);
            }
            byte[] payload = new byte[length];
            data.readFully(payload);
            return new Frame(type, payload);
        } catch (EOFException e) {
            throw new ProtocolException("connection closed in the middle of a frame");
        }
    }

    /** Reads a frame that must be there and must have the given type. */
    public static Frame expect(InputStream in, MessageType type) throws IOException {
        Frame frame = readFrom(in);
        if (frame == null) {
            throw new ProtocolException("connection closed while waiting for " + type);
        }
        if (frame.type != type) {
            throw new ProtocolException("expected " + type + ", got " + frame.type);
        }
        return frame;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.type == type && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return type + "[" + payload.length + " bytes]";
    }
}
