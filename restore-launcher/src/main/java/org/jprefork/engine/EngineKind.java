package org.jprefork.engine;

import java.util.Locale;

/** The engines a pool can use, and none (plain java, no pool). */
public enum EngineKind {
    CRIU, CRAC, WARM, NONE;

    /** Its name on the command line: criu, crac, warm, none. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted words */
    public static EngineKind parse(String word) {
        for (EngineKind k : values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + word + "': expected criu, crac, warm or none");
    }
}
