package org.jprefork.engine;

import java.util.List;
import org.jprefork.internal.AgentConfig;

/**
 * A tool run unmodified ({@code --checkpoint-at=main}): its template is checkpointed just before
 * the tool's main runs, after an optional warm-up run of that main ({@code --warmup=WORDS}).
 *
 * @param warmup the warm-up run's arguments; empty: no warm-up run
 */
public record ToolEntry(List<String> warmup) {
    public ToolEntry {
        warmup = List.copyOf(warmup);
    }

    /** The pool manager's ENTRY argument: {@code program} (no tool entry) or {@code main[:WORDS]}. */
    public static String argument(ToolEntry entry) {
        if (entry == null) {
            return "program";
        }
        return entry.warmup.isEmpty() ? "main" : "main:" + AgentConfig.encodeWords(entry.warmup);
    }

    /** The inverse of {@link #argument}. */
    public static ToolEntry parse(String argument) {
        if (argument.equals("program")) {
            return null;
        }
        if (argument.equals("main")) {
            return new ToolEntry(List.of());
        }
        if (argument.startsWith("main:")) {
            return new ToolEntry(AgentConfig.decodeWords(argument.substring(5)));
        }
        throw new IllegalArgumentException("bad ENTRY argument: " + argument);
    }

    /** The agent arguments that tell the agent to run {@code mainClass} this way. */
    String agentArgs(String mainClass) {
        return ",main=" + mainClass + (warmup.isEmpty() ? "" : ",warmup=" + AgentConfig.encodeWords(warmup));
    }
}
