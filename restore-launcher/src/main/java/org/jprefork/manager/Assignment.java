package org.jprefork.manager;

import org.jprefork.protocol.Status;

/** What the pool gives a call. */
sealed interface Assignment {
    /**
     * A copy ready to take the call; {@code startedForCaller}: a JVM whose start-up output went to
     * this caller (a template run for it), else a restored copy or a warm JVM started earlier.
     */
    record Run(Copy copy, boolean startedForCaller) implements Assignment {
        Run(Copy copy) {
            this(copy, false);
        }
    }

    /** The client is to run the program itself. */
    record Plain(String reason) implements Assignment {
    }

    /** The call already ran (a template that exited before its checkpoint) with this status. */
    record Finished(Status status) implements Assignment {
    }
}
