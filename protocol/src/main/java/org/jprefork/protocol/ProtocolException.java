package org.jprefork.protocol;

import java.io.IOException;

/** A peer sent something that is not valid jprefork protocol. */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
