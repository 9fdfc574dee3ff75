package org.jprefork.protocol;

/**
 * How the caller's stdio travels: the first byte of a CALL frame (its type byte) carries the
 * caller's stdin, stdout and stderr, in that order, as one SCM_RIGHTS control message.
 */
public final class StdioFds {
    /**
     * What a template writes last on its stderr before it detaches from the first caller's
     * stdio for its checkpoint: the manager copies the template's output to that caller up to
     * here, so nothing of it can arrive after the call's own output.
     */
    public static final byte[] DETACHED = "\0jprefork:detached\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * What a template writes on its stderr when its program ends without having asked for a
     * checkpoint (from a shutdown hook: exit, System.exit, or a signal the JVM handles). A
     * template that ends without it was killed, and is not taken for a program that never
     * calls initialisationComplete. As long as {@link #DETACHED}, which it must not start.
     */
    public static final byte[] FINISHED = "\0jprefork:finished\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * What a template of a tool ({@code --checkpoint-at=main}) writes on its stderr as its
     * warm-up run starts (whose own output goes to /dev/null): the manager may then show the
     * first caller that the wait is the warm-up, until the template writes anything else.
     */
    public static final byte[] WARMING_UP = "\0jprefork:warm-up\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** stdin, stdout, stderr. */
    public static final int COUNT = 3;

    private StdioFds() {
    }
}
