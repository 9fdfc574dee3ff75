package org.jprefork.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jprefork.Prefork;
import org.jprefork.protocol.PoolOptions;

/** The agent's process-wide state: standalone, or attached to a jprefork pool manager. */
public final class AgentRuntime {
    private static final AgentRuntime INSTANCE = new AgentRuntime();

    private volatile AgentConfig config;
    private final List<Path> alsoCheck = new ArrayList<>();
    private Prefork.Invocation invocation;

    private AgentRuntime() {
    }

    public static AgentRuntime get() {
        return INSTANCE;
    }

    void attach(AgentConfig config) {
        this.config = config;
    }

    /** True when this JVM was started by jprefork as a pool's template. */
    public boolean attached() {
        return config != null;
    }

    public synchronized void autoreloadAlsoCheck(List<Path> paths) {
        alsoCheck.addAll(paths);
    }

    public synchronized Prefork.Invocation initialisationComplete(Prefork.Options options) {
        if (invocation == null) {
            invocation = config == null ? StandaloneInvocation.current()
                    : new TemplateLifecycle(config).checkpointAndServe(poolOptions(options));
        }
        return invocation;
    }

    private PoolOptions poolOptions(Prefork.Options o) {
        List<String> paths = new ArrayList<>();
        o.autoreloadExtra().forEach(p -> paths.add(p.toAbsolutePath().toString()));
        alsoCheck.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        return new PoolOptions(o.maxServers(), o.idleTimeout(), o.autoreloadClasspath(), paths,
                o.maxErrors(), o.logFacility(), o.spares());
    }
}
