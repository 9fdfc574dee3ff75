package org.jprefork.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpoints with the JDK's own CRaC: the template runs with {@code -XX:CRaCCheckpointTo}, the
 * agent calls {@code jdk.crac.Core.checkpointRestore()} and the JVM writes its image and exits;
 * each copy is {@code java -XX:CRaCRestoreFrom=IMAGE}, named by a token it reports in COPY_READY
 * (CRaC applies system properties given at restore).
 */
public final class CracEngine implements Engine {
    private static final long CHECKPOINT_TIMEOUT_S = 120;

    private final String java;
    private final Map<String, String> env;
    private final AtomicLong counter = new AtomicLong();

    /** {@code java}: the template's java word; {@code env}: where to look it up (PATH). */
    public CracEngine(String java, Map<String, String> env) {
        this.java = java;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "crac";
    }

    @Override
    public boolean checkpoints() {
        return true;
    }

    @Override
    public boolean templateSurvivesCheckpoint() {
        return false;
    }

    /** The JVM options of a template that will checkpoint itself into {@code imageDir}. */
    static List<String> checkpointOptions(Path imageDir) {
        return List.of("-XX:CRaCCheckpointTo=" + imageDir);
    }

    /** The command line of one copy. */
    List<String> restoreCommand(Path image, String token) {
        return new ArrayList<>(List.of(java, "-XX:CRaCRestoreFrom=" + image,
                "-D" + org.jprefork.internal.AgentConfig.COPY_PROPERTY + "=" + token));
    }

    @Override
    public TemplateProcess startTemplate(TemplateSpec spec, Path socket, List<String> args, Map<String, String> env,
                                         Path cwd, Path imageDir) throws IOException {
        Path tmp = tmp(imageDir);
        CriuEngine.deleteTree(tmp);
        Files.createDirectories(tmp);
        TemplateProcess.Isolation isolation = TemplateProcess.Isolation.SESSION_NO_PIPE;
        return TemplateProcess.start(isolation, spec.templateCommand(TemplateProcess.agentArgs(isolation, name(), socket),
                checkpointOptions(tmp), args, JdkRelease.featureVersion(spec.java(), env)), env, cwd);
    }

    /** The JVM checkpoints itself and exits: wait for that, then mark the image complete. */
    @Override
    public Path checkpoint(long javaPid, TemplateProcess template, Path imageDir) throws EngineException {
        Path tmp = tmp(imageDir);
        try {
            if (!template.process().waitFor(CHECKPOINT_TIMEOUT_S, TimeUnit.SECONDS)) {
                template.process().destroyForcibly();
                throw new EngineException("the JDK's checkpoint did not finish in " + CHECKPOINT_TIMEOUT_S + " s");
            }
            try (var entries = Files.list(tmp)) {
                if (entries.findAny().isEmpty()) {
                    throw new EngineException("the JDK wrote no image (template exited "
                            + template.process().exitValue() + ")");
                }
            }
            ImageSeal.seal(tmp, "pid " + javaPid);
            CriuEngine.deleteTree(imageDir);
            Files.move(tmp, imageDir, StandardCopyOption.ATOMIC_MOVE);
            return imageDir;
        } catch (IOException e) {
            throw new EngineException("CRaC checkpoint into " + imageDir + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while the JDK was checkpointing", e);
        }
    }

    @Override
    public Restored restore(Path image) throws EngineException {
        ImageSeal.verify(image);
        String token = "crac-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
        ProcessBuilder pb = new ProcessBuilder(restoreCommand(image, token))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            return new Restored(0, token, pb.start());
        } catch (IOException e) {
            throw new EngineException("cannot start " + java + " -XX:CRaCRestoreFrom: " + e.getMessage(), e);
        }
    }

    private static Path tmp(Path imageDir) {
        return imageDir.resolveSibling(imageDir.getFileName() + ".tmp");
    }
}
