package org.jprefork.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The HELLO frame a manager sends first on every connection: magic "JPFK" and a u16 version. */
public final class Greeting {
    private static final byte[] MAGIC = "JPFK".getBytes(StandardCharsets.US_ASCII);

    private Greeting() {
    }

    public static Frame frame(ProtocolVersion version) {
        return new Frame(MessageType.HELLO,
                ByteBuffer.allocate(6).put(MAGIC).putShort((short) version.code()).array());
    }

    /** Checks a HELLO frame and returns the version it announces (failing on unknown ones). */
    public static ProtocolVersion parse(Frame frame) throws ProtocolException {
        byte[] p = frame.payload();
        if (frame.type() != MessageType.HELLO || p.length < 6
                || !Arrays.equals(Arrays.copyOf(p, 4), MAGIC)) {
            throw new ProtocolException("the peer is not a jprefork manager (bad greeting)");
        }
        return ProtocolVersion.fromCode(ByteBuffer.wrap(p, 4, 2).getShort() & 0xffff);
    }
}
