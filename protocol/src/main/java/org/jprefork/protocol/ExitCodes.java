package org.jprefork.protocol;

/**
 * Exit statuses jprefork itself produces (everything else is the program's own status).
 * docs/protocol.md lists them; keep both in step.
 */
public final class ExitCodes {
    /** Bad jprefork command line. */
    public static final int USAGE = 2;
    /** jprefork could not serve the call (pool manager or engine failure); see the log. */
    public static final int SERVER_FAILED = 120;
    /** The agent inside the program could not checkpoint or take on the call. */
    public static final int AGENT_FAILED = 121;
    /**
     * Between a copy and its manager only: the copy failed before it took the caller's stdio, so
     * nothing reached the caller and the manager gives the call to another copy.
     */
    public static final int COPY_NOT_STARTED = 122;
    /** The program died of a signal the client does not re-raise (as prefork-interp). */
    public static final int UNUSUAL_SIGNAL = 127;

    private ExitCodes() {
    }
}
