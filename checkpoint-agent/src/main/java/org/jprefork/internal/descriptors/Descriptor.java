package org.jprefork.internal.descriptors;

/**
 * One descriptor a template holds at its checkpoint, and what jprefork does with it.
 *
 * @param fd          its number
 * @param target      what {@code /proc/self/fd/N} links to (a path, {@code socket:[N]}, ...)
 * @param owner       whose it is
 * @param treatment   what copies get
 * @param description one phrase for the pool log; for a refused one, what it is and its peer
 */
record Descriptor(int fd, String target, Owner owner, Treatment treatment, String description) {
    /** Whose descriptor it is. */
    enum Owner {
        /** The control pipe, the connection to the manager, the agent's jar. */
        JPREFORK,
        /** Files of the running JDK (its modules image, its jars). */
        JDK,
        PROGRAM
    }

    /** What a copy restored from the image gets. */
    enum Treatment {
        /** jprefork's own: not the program's business. */
        OWN,
        /** A regular file open for writing: one open file description for the whole generation. */
        SHARED,
        /** A regular file open read-only: each copy reads on from the checkpoint's offset. */
        PER_COPY,
        /** Restored as it was (devices, directories, internal pipes and sockets, listeners...). */
        KEPT,
        /** Cannot be in an image that many copies restore: no checkpoint. */
        REFUSED
    }

    /** The line of the pool log: {@code fd 8: /tmp/app.log, regular file, write-only: shared ...}. */
    String logLine() {
        String whose = owner == Owner.JPREFORK ? " (jprefork's)" : owner == Owner.JDK ? " (the JDK's)" : "";
        String what = switch (treatment) {
            case SHARED -> "; shared by every copy of the generation";
            case PER_COPY -> "; each copy reads on from the checkpoint's offset";
            case REFUSED -> "; refused";
            default -> "";
        };
        return "fd " + fd + ": " + description + whose + what;
    }
}
