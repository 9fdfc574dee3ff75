package org.jprefork.script;

/**
 * A script that cannot be made ready to run: a bad directive, a dependency that does not
 * resolve, a missing source, a compile error. The caller sees {@link #getMessage()} (one line,
 * already naming the script and line; null when the details were printed already) and exits
 * with {@link #exitCode()}.
 */
public final class ScriptException extends Exception {
    /** As {@code java Script.java} for a program that cannot be compiled. */
    public static final int EXIT = 1;

    private final int exitCode;

    public ScriptException(String message) {
        this(message, EXIT);
    }

    public ScriptException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
