package org.jprefork.protocol;

/**
 * Versions of the jprefork wire protocol.
 *
 * <p>Version history (keep in step with docs/protocol.md):
 * <ul>
 *   <li>1 (0.1.0): greeting, CALL with SCM_RIGHTS stdio, STATUS, RUN_PLAIN, ERROR,
 *       CHECKPOINT_READY, COPY_READY.</li>
 *   <li>2: a client sends its own HELLO and its CALL without waiting for the manager's HELLO.
 *       A manager of version 1 refuses a client's HELLO without reading on, so a call is never
 *       taken by a manager that would read it otherwise.</li>
 * </ul>
 */
public enum ProtocolVersion {
    V1(1),
    V2(2);

    /** The version this build speaks. */
    public static final ProtocolVersion CURRENT = V2;

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
