package org.jprefork.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jprefork.engine.CriuLocator;
import org.jprefork.launcher.JpreforkHome;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Evaluates {@link RequiresCriu}, once per JVM. */
final class CriuCondition implements ExecutionCondition {
    private static volatile CriuLocator.Verdict verdict;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        CriuLocator.Verdict v = verdict();
        if (v.usable()) {
            return ConditionEvaluationResult.enabled("criu at " + v.criu());
        }
        if ("1".equals(System.getenv("JPREFORK_REQUIRE_CRIU"))) {
            throw new AssertionError("JPREFORK_REQUIRE_CRIU=1 but CRIU is unusable here: " + v.reason());
        }
        return ConditionEvaluationResult.disabled("CRIU is unusable here: " + v.reason());
    }

    static synchronized CriuLocator.Verdict verdict() {
        if (verdict == null) {
            try {
                Path cache = Files.createTempFile("criu-check", ".txt");
                Files.delete(cache);
                verdict = CriuLocator.find(new JpreforkHome(System.getenv()).criuCandidates(), cache);
            } catch (java.io.IOException e) {
                verdict = new CriuLocator.Verdict(null, e.toString());
            }
        }
        return verdict;
    }
}
