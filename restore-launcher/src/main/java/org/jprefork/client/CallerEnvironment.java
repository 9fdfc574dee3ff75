package org.jprefork.client;

import java.util.HashMap;
import java.util.Map;
import org.jprefork.protocol.JvmOptionWords;

/**
 * The caller's environment as the Java launcher's JVM received it. The JVM option variables
 * (JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS, _JAVA_OPTIONS) are meant for the program's JVM: jprefork's
 * own JVM would apply them to itself and print "Picked up ..." lines on the caller's stderr. So
 * the {@code jprefork-java} wrappers hand them over under other names ({@code JPREFORK_CALLER_}
 * NAME, present exactly when NAME was set) and mark that they did; this puts them back.
 */
public final class CallerEnvironment {
    /** Set by the wrappers when they moved the variables aside. */
    static final String MOVED = "JPREFORK_CALLER_ENV";
    static final String PREFIX = "JPREFORK_CALLER_";

    private CallerEnvironment() {
    }

    /** The caller's environment, given this process's. */
    public static Map<String, String> of(Map<String, String> processEnv) {
        Map<String, String> env = new HashMap<>(processEnv);
        if (!"moved".equals(env.remove(MOVED))) {
            return Map.copyOf(env); // started without a wrapper: nothing was moved
        }
        for (String name : JvmOptionWords.VARIABLES) {
            String value = env.remove(PREFIX + name);
            if (value != null) {
                env.put(name, value);
            } else {
                env.remove(name);
            }
        }
        return Map.copyOf(env);
    }

    /**
     * The environment for a JVM of jprefork's own (a pool manager, a script's preparation): the
     * caller's without the variables meant for the program's JVM, nor their moved copies.
     */
    public static Map<String, String> forJpreforkJvm(Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        out.keySet().removeIf(k -> k.startsWith(PREFIX) || JvmOptionWords.VARIABLES.contains(k));
        return out;
    }
}
