package org.jprefork.engine;

/** A program carries its own build of jprefork's agent where jprefork's cannot come first. */
public final class BundledAgentException extends Exception {
    private static final long serialVersionUID = 1L;

    public BundledAgentException(String message) {
        super(message);
    }
}
