package org.jprefork.internal.tool;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a warm-up run was handed and a later call must not see: objects recognised by identity
 * (its argument array and argument strings, the environment strings it read), each with what it
 * is ({@link #ARGUMENTS}, {@link #ENVIRONMENT}), and {@code mark}, a text only the warm-up's
 * working directory contains (null: none).
 */
record WarmupTraces(Map<Object, String> identities, String mark) {
    static final String ARGUMENTS = "arguments";
    static final String ENVIRONMENT = "environment";
    static final String CWD = "working directory";

    WarmupTraces {
        Map<Object, String> copy = new IdentityHashMap<>(identities);
        identities = java.util.Collections.unmodifiableMap(copy);
    }
}
