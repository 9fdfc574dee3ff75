package org.jprefork.manager;

import org.jprefork.protocol.Status;

/** What the pool gives a call. */
sealed interface Assignment {
    /** A copy ready to take the call. */
    record Run(Copy copy) implements Assignment {
    }

    /** The client is to run the program itself. */
    record Plain(String reason) implements Assignment {
    }

    /** The call already ran (a template that exited before its checkpoint) with this status. */
    record Finished(Status status) implements Assignment {
    }
}
