package org.jprefork.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jprefork.Prefork;
import org.jprefork.crac.CheckpointException;
import org.jprefork.crac.RestoreException;
import org.jprefork.protocol.PoolOptions;

/** The agent's process-wide state: standalone, or attached to a jprefork pool manager. */
public final class AgentRuntime {
    private static final AgentRuntime INSTANCE = new AgentRuntime();

    private volatile AgentConfig config;
    /** Set in a call that runs the program itself (no checkpoint), else null. */
    private volatile FirstCall firstCall;
    private final GlobalContext resources = new GlobalContext();
    private final List<Path> alsoCheck = new ArrayList<>();
    private final List<Path> rebuildWhen = new ArrayList<>();
    private TemplateLifecycle.Served served;
    /** Set once the template starts asking for its checkpoint (it then never says FINISHED). */
    private volatile boolean handingOver;
    private final Thread finishedHook = new Thread(this::sayFinished, "jprefork-finished");

    private AgentRuntime() {
    }

    public static AgentRuntime get() {
        return INSTANCE;
    }

    void attach(AgentConfig config) {
        this.config = config;
        Runtime.getRuntime().addShutdownHook(finishedHook);
    }

    /** Once the checkpoint is asked for, the hook has nothing to say: copies need not start it at exit. */
    private void handingOver() {
        handingOver = true;
        try {
            Runtime.getRuntime().removeShutdownHook(finishedHook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }

    void firstCall(FirstCall mode) {
        this.firstCall = mode;
    }

    /**
     * At exit before any checkpoint: tells the manager (on stderr, which it reads up to the
     * checkpoint) that the program ended on its own, so that it runs later calls as plain java;
     * a template killed before this runs is started again instead.
     */
    private void sayFinished() {
        // No lock: another thread may be inside initialisationComplete, holding it, forever.
        if (handingOver) {
            return;
        }
        tellManager(org.jprefork.protocol.StdioFds.FINISHED); // if lost: taken for killed, tried again
    }

    /**
     * Writes one of the markers the manager looks for in a template's output (StdioFds), after
     * what the program wrote so far. Only for an attached template; never throws.
     */
    public void tellManager(byte[] marker) {
        if (config == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        try {
            java.io.FileOutputStream err = new java.io.FileOutputStream(java.io.FileDescriptor.err);
            err.write(marker);
            err.flush();
        } catch (java.io.IOException e) {
            // the manager is told nothing
        }
    }

    /** What jprefork said on the -javaagent line, or null in a plain run. */
    public AgentConfig config() {
        return config;
    }

    /** True when this JVM was started by jprefork as a pool's template. */
    public boolean attached() {
        return config != null;
    }

    /** The org.crac global context. */
    public GlobalContext resources() {
        return resources;
    }

    public synchronized void autoreloadAlsoCheck(List<Path> paths) {
        alsoCheck.addAll(paths);
    }

    /**
     * Files whose appearance or change asks the pool for a better template (a tool's training
     * list), while the checkpoint taken now goes on serving calls meanwhile.
     */
    public synchronized void rebuildWhenChanged(Path path) {
        rebuildWhen.add(path);
    }

    /** Prefork.initialisationComplete: failures of CRaC resources are told on the caller's stderr. */
    public synchronized Prefork.Invocation initialisationComplete(Prefork.Options options) {
        if (config == null) {
            if (served == null) {
                served = standalone();
                warn(served.failure());
            }
            return served.invocation();
        }
        if (served == null) {
            handingOver();
            served = new TemplateLifecycle(config, resources).checkpointAndServe(poolOptions(options));
            warn(served.failure());
        }
        return served.invocation();
    }

    /** org.crac's Core.checkpointRestore: the same checkpoint, failures thrown as in CRaC. */
    public void checkpointRestore() throws CheckpointException, RestoreException {
        TemplateLifecycle.Served s;
        synchronized (this) {
            if (config == null && firstCall == null) {
                throw new UnsupportedOperationException("checkpoints need the program to be run by jprefork");
            }
            if (served != null) {
                return;
            }
            if (config == null) {
                served = standalone();
            } else {
                handingOver();
                served = new TemplateLifecycle(config, resources).checkpointAndServe(
                        poolOptions(Prefork.Options.defaults()));
            }
            s = served;
        }
        if (s.failure() instanceof CheckpointException e) {
            throw e;
        }
        if (s.failure() instanceof RestoreException e) {
            throw e;
        }
    }

    /** In place, with this process's own invocation; resources asked as for a checkpoint in a first call. */
    private TemplateLifecycle.Served standalone() {
        Exception failure = firstCall == null ? null : firstCall.reached(resources);
        return new TemplateLifecycle.Served(StandaloneInvocation.current(), failure);
    }

    private static void warn(Exception failure) {
        if (failure instanceof DescriptorRefusal) {
            System.err.println("jprefork: checkpoint refused: " + failure.getMessage());
        } else if (failure instanceof CheckpointException) {
            System.err.println("jprefork: checkpoint refused, running without acceleration: beforeCheckpoint failed: "
                    + GlobalContext.describe(failure));
        } else if (failure != null) {
            System.err.println("jprefork: warning: afterRestore failed: " + GlobalContext.describe(failure));
        }
    }

    private PoolOptions poolOptions(Prefork.Options o) {
        List<String> paths = new ArrayList<>();
        o.autoreloadExtra().forEach(p -> paths.add(p.toAbsolutePath().toString()));
        alsoCheck.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        List<String> rebuild = new ArrayList<>();
        rebuildWhen.forEach(p -> rebuild.add(p.toAbsolutePath().toString()));
        return new PoolOptions(o.maxServers(), o.idleTimeout(), o.autoreloadClasspath(), paths,
                o.maxErrors(), o.logFacility(), o.spares(), rebuild);
    }
}
