package org.jprefork.internal;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Entry point when jprefork starts a program ({@code -javaagent:checkpoint-agent.jar=ARGS}).
 * It records the configuration and opens the few JDK packages whose caches must follow the
 * caller after a restore (environment, working directory).
 */
public final class AgentMain {
    /** Packages of java.base whose private state a restored copy updates. */
    static final Set<String> OPENED_PACKAGES = Set.of("java.lang", "java.io", "java.util", "java.util.concurrent",
            "sun.nio.fs");

    /** Agent argument of an un-accelerated run. */
    static final String STANDALONE = "standalone";

    private AgentMain() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        if (STANDALONE.equals(agentArgs)) {
            // An un-accelerated run: the agent is only there to put Prefork on the class path.
            return;
        }
        AgentConfig config = AgentConfig.parse(agentArgs);
        Module base = Object.class.getModule();
        Module self = AgentMain.class.getModule();
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        for (String pkg : OPENED_PACKAGES) {
            opens.put(pkg, Set.of(self));
        }
        inst.redefineModule(base, Set.of(), Map.of(), opens, Set.of(), Map.of());
        AgentRuntime.get().attach(config);
    }
}
