package org.jprefork.protocol;

/**
 * How the caller's stdio travels: the first byte of a CALL frame (its type byte) carries the
 * caller's stdin, stdout and stderr, in that order, as one SCM_RIGHTS control message.
 */
public final class StdioFds {
    /** stdin, stdout, stderr. */
    public static final int COUNT = 3;

    private StdioFds() {
    }
}
