package org.jprefork.internal;

import org.jprefork.crac.CheckpointException;

/**
 * No checkpoint, because the template held a descriptor that many restored copies cannot share
 * (a connection or pipe to another process). The message is what follows
 * {@code jprefork: checkpoint refused: } on the first caller's stderr.
 */
final class DescriptorRefusal extends CheckpointException {
    private static final long serialVersionUID = 1L;

    private DescriptorRefusal(String reason) {
        super(reason);
        addSuppressed(new IllegalStateException(reason));
    }

    /** The refusal for this reason; null for none. */
    static DescriptorRefusal of(String reason) {
        return reason == null ? null : new DescriptorRefusal(reason);
    }
}
