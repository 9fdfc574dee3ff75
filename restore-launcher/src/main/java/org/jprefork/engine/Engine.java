package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a pool turns one initialised program into many: by checkpoint and restore (CRIU, or the
 * JDK's own CRaC), or by keeping JVMs initialised ahead of demand (warm).
 */
public interface Engine {
    /** Its name in options, logs and status: {@code criu}, {@code crac} or {@code warm}. */
    String name();

    /** Whether calls are served by copies restored from an image; false for warm. */
    boolean checkpoints();

    /**
     * Whether the template lives on after its checkpoint (and serves the first call); a CRaC JVM
     * exits once it has written its image.
     */
    default boolean templateSurvivesCheckpoint() {
        return true;
    }

    /** Starts a template; {@code imageDir} is where its image will go (the JDK writes it for crac). */
    TemplateProcess startTemplate(TemplateSpec spec, Path socket, List<String> args, Map<String, String> env,
                                  Path cwd, Path imageDir) throws IOException;

    /**
     * Takes the image of a template that has asked for it ({@code javaPid}: its JVM) and returns
     * the image's directory, complete.
     */
    Path checkpoint(long javaPid, TemplateProcess template, Path imageDir) throws EngineException;

    /** Starts one copy from a complete image. */
    Restored restore(Path image) throws EngineException;

    /**
     * Starts one copy that gets {@code shared} in place of its image's own opening of each of
     * those files, so that all copies write through one open file description, as fork's
     * children would. Only criu does; the others are never given files (their templates send none).
     */
    default Restored restore(Path image, List<InheritedFile> shared) throws EngineException {
        if (!shared.isEmpty()) {
            throw new EngineException("the " + name() + " engine cannot share open files with its copies");
        }
        return restore(image);
    }

    /**
     * A copy being restored.
     *
     * @param pid     its PID, if known now (else 0: it is known by token)
     * @param token   the name it announces itself with in COPY_READY, or null (known by PID)
     * @param process the process to wait for, when the copy is not this JVM's own child, else null
     */
    record Restored(long pid, String token, Process process) {
    }

    /** At the pool's exit: kills the engine's own helper processes still running (none by default). */
    default void killRunning() {
    }
}
