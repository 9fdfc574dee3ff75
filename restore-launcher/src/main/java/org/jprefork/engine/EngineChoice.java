package org.jprefork.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which engine a new pool uses, and why. Asked for (--engine, else JPREFORK_ENGINE): that one,
 * or an error saying why it cannot run here. Otherwise: crac on a JDK with CRaC, criu when
 * {@code criu check} passes, else warm.
 *
 * @param kind   the engine
 * @param criu   the criu to use (kind CRIU only)
 * @param reason one line: why this engine
 */
public record EngineChoice(EngineKind kind, Path criu, String reason) {
    /** The environment variable that asks for an engine when --engine is not given. */
    public static final String ENV = "JPREFORK_ENGINE";

    /**
     * @param requested      the --engine word, or null
     * @throws EngineException when the engine asked for cannot run here
     * @throws IllegalArgumentException for an unknown engine word
     */
    public static EngineChoice choose(String requested, String java, Map<String, String> env,
                                      List<Path> criuCandidates, Path criuCheckCache) throws EngineException {
        String word = requested != null ? requested : env.getOrDefault(ENV, "");
        String source = requested != null ? "--engine=" + requested : ENV + "=" + word;
        if (word.isEmpty() || word.equals("auto")) {
            return automatic(java, env, criuCandidates, criuCheckCache);
        }
        EngineKind kind = EngineKind.parse(word);
        switch (kind) {
            case CRIU -> {
                CriuLocator.Verdict v = CriuLocator.find(criuCandidates, criuCheckCache);
                if (!v.usable()) {
                    throw new EngineException("engine criu (" + source + ") cannot run here: " + v.reason());
                }
                return new EngineChoice(kind, v.criu(), source + ", " + v.criu() + " passed criu check");
            }
            case CRAC -> {
                Path marker = CracJdk.marker(java, env);
                if (marker == null) {
                    throw new EngineException("engine crac (" + source + ") needs a JDK with CRaC, and " + java
                            + " has none of lib/" + String.join(", lib/", CracJdk.MARKERS));
                }
                return new EngineChoice(kind, null, source + ", the JDK has CRaC (" + marker + ")");
            }
            default -> {
                return new EngineChoice(kind, null, source);
            }
        }
    }

    private static EngineChoice automatic(String java, Map<String, String> env, List<Path> criuCandidates,
                                          Path criuCheckCache) {
        Path marker = CracJdk.marker(java, env);
        if (marker != null) {
            return new EngineChoice(EngineKind.CRAC, null, "the JDK has CRaC (" + marker + ")");
        }
        CriuLocator.Verdict v = CriuLocator.find(criuCandidates, criuCheckCache);
        if (v.usable()) {
            return new EngineChoice(EngineKind.CRIU, v.criu(), v.criu() + " passed criu check");
        }
        return new EngineChoice(EngineKind.WARM, null, "no usable CRIU: " + v.reason());
    }

    /** The engine object a pool manager runs with. */
    public Engine engine(String java, Map<String, String> env) {
        return switch (kind) {
            case CRIU -> new CriuEngine(criu);
            case CRAC -> new CracEngine(java, env);
            case WARM -> new WarmEngine();
            case NONE -> throw new IllegalStateException("engine none runs no pool");
        };
    }
}
