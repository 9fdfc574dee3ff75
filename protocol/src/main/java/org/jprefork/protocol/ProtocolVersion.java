package org.jprefork.protocol;

/**
 * Versions of the jprefork wire protocol.
 *
 * <p>Version history (keep in step with docs/protocol.md):
 * <ul>
 *   <li>1 (0.1.0): greeting, CALL with SCM_RIGHTS stdio, STATUS, RUN_PLAIN, ERROR,
 *       CHECKPOINT_READY, COPY_READY.</li>
 * </ul>
 */
public enum ProtocolVersion {
    V1(1);

    /** The version this build speaks. */
    public static final ProtocolVersion CURRENT = V1;

    private final int code;

    ProtocolVersion(int code) {
        this.code = code;
    }

    /** The number sent on the wire. */
    public int code() {
        return code;
    }

    /** Looks up a wire number, failing loudly on versions this build does not know. */
    public static ProtocolVersion fromCode(int code) throws ProtocolException {
        for (ProtocolVersion v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new ProtocolException("peer speaks jprefork protocol version " + code
                + ", this build speaks " + CURRENT.code + " (mixed jprefork installations?)");
    }
}
