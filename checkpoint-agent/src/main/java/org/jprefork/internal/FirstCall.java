package org.jprefork.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jprefork.crac.CheckpointException;
import org.jprefork.crac.RestoreException;

/**
 * A call that runs the program itself, as plain java, while no checkpoint is ready: a pool's
 * first call, a call after the program changed, or one made while the checkpoint is being built
 * ({@code -javaagent:AGENT=first[,marker=BASE64URL]}). Nothing of the checkpoint happens here:
 * {@code initialisationComplete} returns in place with this process's own invocation, as in a
 * plain run, but around it the program sees what a template sees: its org.crac resources hear
 * beforeCheckpoint and afterRestore, and what it wrote on stdout until then goes to stderr
 * ({@link HeldStdout}). Reaching it creates the marker file, if one was named: the process that
 * started this call builds the checkpoint (with this call's invocation) only after this process
 * has ended, and only if it reached the point; a program that ends before it never has its
 * initialisation run a second time.
 *
 * @param marker the file to create on reaching initialisationComplete, or null
 * @param hold   the hold on stdout, or null when System.out could not be held
 */
public record FirstCall(String marker, HeldStdout hold) {
    static final String MODE = "first";

    /** Whether {@code agentArgs} asks for this mode. */
    static boolean requested(String agentArgs) {
        return agentArgs != null && (agentArgs.equals(MODE) || agentArgs.startsWith(MODE + ","));
    }

    static FirstCall install(String agentArgs) {
        String marker = null;
        for (String item : agentArgs.substring(MODE.length()).split(",")) {
            if (item.startsWith("marker=")) {
                marker = new String(Base64.getUrlDecoder().decode(item.substring("marker=".length())),
                        StandardCharsets.UTF_8);
            } else if (!item.isEmpty()) {
                throw new IllegalArgumentException("unknown jprefork agent argument " + item);
            }
        }
        return new FirstCall(marker, HeldStdout.install());
    }

    /** The agent argument of this mode, with a marker file (or null). */
    public static String agentArgs(String marker) {
        return marker == null ? MODE : MODE + ",marker="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The program reached initialisationComplete: its resources are asked as for a checkpoint
     * (none is taken), the held output goes to stderr, and the marker appears. Returns the
     * resources' failure, if any (a CheckpointException or a RestoreException).
     */
    Exception reached(GlobalContext resources) {
        Exception failure = null;
        try {
            resources.beforeCheckpoint(null);
        } catch (CheckpointException refused) {
            failure = refused;
        }
        try {
            resources.afterRestore(null);
        } catch (RestoreException e) {
            failure = failure != null ? failure : e;
        }
        if (hold != null) {
            hold.releaseToStderr();
        }
        if (marker != null) {
            try {
                java.nio.file.Files.createFile(java.nio.file.Path.of(marker), java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (IOException | RuntimeException e) {
                // no checkpoint is built after this call; a later call tries again
            }
        }
        return failure;
    }
}
