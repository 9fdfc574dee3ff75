package org.jprefork.crac;

/** A resource failed to restore; the causes are the suppressed exceptions. */
public class RestoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public RestoreException() {
    }

    public RestoreException(String message) {
        super(message);
    }
}
