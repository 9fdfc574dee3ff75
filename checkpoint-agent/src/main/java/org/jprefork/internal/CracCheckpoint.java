package org.jprefork.internal;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import org.jprefork.protocol.ExitCodes;

/**
 * The CRaC engine's checkpoint: on a JDK with CRaC, started with {@code -XX:CRaCCheckpointTo},
 * the JVM checkpoints itself ({@code jdk.crac.Core.checkpointRestore()}) and exits; each copy
 * is a {@code java -XX:CRaCRestoreFrom} of that image and returns from this call.
 */
final class CracCheckpoint {
    private CracCheckpoint() {
    }

    static void run(Path socket) {
        try {
            Class.forName("jdk.crac.Core").getMethod("checkpointRestore").invoke(null);
        } catch (InvocationTargetException e) {
            fail(socket, e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            fail(socket, e);
        }
    }

    /** The token the manager gave this copy's restore command, or null (not a CRaC copy). */
    static String copyToken() {
        return System.getProperty(AgentConfig.COPY_PROPERTY);
    }

    /** Stdio is /dev/null by now: the reason goes beside the socket, where the manager reads it. */
    private static void fail(Path socket, Throwable e) {
        StringBuilder why = new StringBuilder("the JDK's checkpoint failed: ").append(e);
        for (Throwable t : e.getSuppressed()) {
            why.append("; ").append(t);
        }
        CallReceiver.noteFailure(socket, why.toString());
        Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
    }
}
