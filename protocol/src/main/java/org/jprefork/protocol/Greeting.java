package org.jprefork.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HELLO frame: magic "JPFK" and a u16 version. A manager sends it first on every connection;
 * a client sends its own first, before its CALL, without waiting for the manager's.
 */
public final class Greeting {
    private static final byte[] MAGIC = "JPFK".getBytes(StandardCharsets.US_ASCII);

    private Greeting() {
    }

    public static Frame frame(ProtocolVersion version) {
        return new Frame(MessageType.HELLO,
                ByteBuffer.allocate(6).put(MAGIC).putShort((short) version.code()).array());
    }

    /**
     * Checks a HELLO frame and returns the version it announces, failing on any but
     * {@link ProtocolVersion#CURRENT}: peers of two builds never guess at each other's frames.
     */
    public static ProtocolVersion parse(Frame frame) throws ProtocolException {
        byte[] p = frame.payload();
        if (frame.type() != MessageType.HELLO || p.length < 6
                || !Arrays.equals(Arrays.copyOf(p, 4), MAGIC)) {
            throw new ProtocolException("the peer is not a jprefork manager (bad greeting)");
        }
        ProtocolVersion v = ProtocolVersion.fromCode(ByteBuffer.wrap(p, 4, 2).getShort() & 0xffff);
        if (v != ProtocolVersion.CURRENT) {
            throw new ProtocolException("peer speaks jprefork protocol version " + v.code()
                    + ", this build speaks " + ProtocolVersion.CURRENT.code() + " (mixed jprefork installations?)");
        }
        return v;
    }
}
