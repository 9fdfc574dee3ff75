package org.jprefork.protocol;

/**
 * Where a caller whose call failed on the server side is told to look: {@code see: jprefork logs
 * IDENT}, IDENT shortened to what {@code jprefork status} shows ({@link #SHORT_IDENT} characters;
 * {@code jprefork logs} takes any unique start of an ident). The native client (jprefork.c,
 * LOG_HINT) prints the same words; its tests compare its output with {@link #forIdent}.
 */
public final class LogHint {
    /** Characters of the ident shown. */
    public static final int SHORT_IDENT = 12;

    private LogHint() {
    }

    /** {@code see: jprefork logs IDENT} for the pool {@code ident}. */
    public static String forIdent(String ident) {
        return "see: jprefork logs " + ident.substring(0, Math.min(SHORT_IDENT, ident.length()));
    }
}
