package org.jprefork.internal;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import org.jprefork.internal.random.RandomTracking;

/**
 * Entry point when jprefork starts a program ({@code -javaagent:checkpoint-agent.jar=ARGS}).
 * It records the configuration, opens the few JDK packages whose state must follow the caller
 * after a restore (environment, working directory, randomness, process identity), starts
 * tracking random generators, and points org.crac at jprefork.
 */
public final class AgentMain {
    /** Packages of java.base whose private state a restored copy updates. */
    static final Set<String> OPENED_PACKAGES = Set.of("java.lang", "java.io", "java.util", "java.util.concurrent",
            "java.security", "sun.nio.fs", "sun.security.provider");

    /** Agent argument of an un-accelerated run. */
    static final String STANDALONE = "standalone";

    /** The system property through which org.crac finds its implementation. */
    static final String CRAC_COMPAT = "org.crac.Core.Compat";

    private AgentMain() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        if (STANDALONE.equals(agentArgs)) {
            // An un-accelerated run: the agent is only there to put Prefork on the class path.
            return;
        }
        Module base = Object.class.getModule();
        Module self = AgentMain.class.getModule();
        if (FirstCall.requested(agentArgs)) {
            // A call that runs the program itself: no checkpoint, nothing to swap; stdout held.
            inst.redefineModule(base, Set.of(), Map.of(), Map.of("java.io", Set.of(self)), Set.of(), Map.of());
            if (System.getProperty(CRAC_COMPAT) == null) {
                System.setProperty(CRAC_COMPAT, "org.jprefork.crac");
            }
            AgentRuntime.get().firstCall(FirstCall.install(agentArgs));
            return;
        }
        AgentConfig config = AgentConfig.parse(agentArgs);
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        for (String pkg : OPENED_PACKAGES) {
            opens.put(pkg, Set.of(self));
        }
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(self)), opens, Set.of(), Map.of());
        if (System.getProperty(CRAC_COMPAT) == null) {
            System.setProperty(CRAC_COMPAT, "org.jprefork.crac");
        }
        ProcessIdentity.refresh();
        try {
            RandomTracking.install(inst);
        } catch (IllegalStateException e) {
            System.err.println("jprefork: warning: " + e.getMessage()
                    + "; copies may share pseudo-random sequences of generators made before the checkpoint");
        }
        try {
            EnvironmentHandouts.install(inst);
        } catch (IllegalStateException e) {
            System.err.println("jprefork: warning: " + e.getMessage()
                    + "; environment strings of the JDK are then left in the image");
        }
        if (config.main() != null) {
            org.jprefork.internal.tool.MainHook.install(inst, config.main(), config.warmup());
        }
        if (!config.warmup().isEmpty()) {
            try {
                org.jprefork.internal.tool.ExitTrap.install(inst);
            } catch (IllegalStateException e) {
                System.err.println("jprefork: warning: " + e.getMessage() + "; a System.exit in the warm-up run ends it");
            }
        }
        org.jprefork.internal.exit.ExitReport.prepare(inst);
        ConcatPrelink.prepare(inst);
        AgentRuntime.get().attach(config);
        ArenaChunkRelease.premainEnds();
    }
}
