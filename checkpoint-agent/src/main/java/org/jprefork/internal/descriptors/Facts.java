package org.jprefork.internal.descriptors;

/** What the classification of descriptors asks of the system (replaceable by tests). */
interface Facts {
    /** File type of what {@code fd} refers to: f, d, c, b, p (fifo), s (socket), or ? */
    char type(int fd);

    /**
     * For a Unix socket: its peer's address ({@code /path}, {@code @abstract}, or "" when
     * unnamed), or null when it is not connected.
     */
    String unixPeerName(int fd);

    /** The PID (in this process's PID namespace) of a connected Unix stream socket's peer, else 0. */
    long unixPeerPid(int fd);

    /** This process's PID, as {@link #unixPeerPid} counts. */
    long selfPid();

    /** Another process holding pipe {@code inode}, as {@code process 4567 (cat)}, or null. */
    String pipeHolder(long inode);

    /** Whether two descriptors of this process share one open file description. */
    boolean sameDescription(int a, int b);
}
