package org.jprefork.protocol;

/** The type byte that starts every frame. Codes are part of the wire format: never reuse one. */
public enum MessageType {
    /** Manager to any peer, first thing on a connection: magic and version. */
    HELLO(0x01),
    /** Client to manager, and manager to a copy: one invocation (stdio fds come just before). */
    CALL(0x02),
    /** Manager to client: the wait status of the copy that ran the call. */
    STATUS(0x03),
    /** Manager to client: run the program yourself, without acceleration; payload is the reason. */
    RUN_PLAIN(0x04),
    /** Manager to client: the call failed inside jprefork; payload is exit code and message. */
    ERROR(0x05),
    /** Client to manager, after CALL: deliver this signal to the program; payload u32 signal. */
    SIGNAL(0x06),
    /** Template to manager: initialisation is complete, dump me; payload is the pool options. */
    CHECKPOINT_READY(0x10),
    /**
     * Restored copy (or the template after its dump) to manager: ready for a call. Payload: empty,
     * or the copy's token (UTF-8) when the engine restores copies that the manager cannot know by
     * PID in advance.
     */
    COPY_READY(0x11),
    /**
     * Template to manager, instead of CHECKPOINT_READY: a CRaC resource refused the checkpoint;
     * serve this call from me and run later ones as plain java. Payload: the reason (UTF-8).
     */
    CHECKPOINT_ABORTED(0x12),
    /**
     * Template to manager, right after CHECKPOINT_READY or CHECKPOINT_ABORTED: what it holds at
     * the checkpoint (see {@link HeldFiles}); carries the descriptors of files open for writing.
     */
    HELD_FILES(0x13),
    /**
     * Copy to manager, on the connection that brought its CALL: the program has finished (shutdown
     * hooks run, its stdio closed) and the process is exiting with this code; payload u32. The
     * manager may answer the caller before the process is gone.
     */
    EXITING(0x20),
    /**
     * Template of a tool with a warm-up run to manager, before its CHECKPOINT_READY: what the check
     * of the warm-up's leftovers in the tool's static state found. The manager answers by closing
     * the connection; a template whose warm-up is refused then exits. Payload: {@link WarmupChecked}.
     */
    WARMUP_CHECKED(0x30),
    /**
     * Manager to client: run the program yourself, in your own process, with this command line
     * followed by your arguments (no checkpoint serves this call yet, or none can). Payload:
     * list(command words, UTF-8), string note (one line for the caller's stderr first; empty for
     * none).
     */
    RUN_LOCAL(0x50),
    /**
     * Client to manager: a call that ran the program itself reached initialisationComplete with
     * this invocation; build the checkpoint from it. Payload as CALL's, without descriptors.
     */
    BUILD(0x51);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MessageType fromCode(int code) throws ProtocolException {
        for (MessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new ProtocolException(String.format("unknown message type 0x%02x", code));
    }
}
