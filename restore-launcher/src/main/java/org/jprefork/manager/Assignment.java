package org.jprefork.manager;

import java.util.List;
import java.util.function.Consumer;
import org.jprefork.protocol.CallRequest;
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

    /**
     * The client runs the program itself: {@code command} (then its arguments), after printing
     * {@code note} (or nothing, when null). {@code afterReply}, when not null, is told the call
     * as the reply is made (the pool then watches for the caller's end).
     */
    record Local(List<String> command, String note, Consumer<CallRequest> afterReply) implements Assignment {
    }

    /** The call already ended (a script that cannot be prepared) with this status. */
    record Finished(Status status) implements Assignment {
    }
}
