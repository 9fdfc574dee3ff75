package org.jprefork.engine;

import java.util.List;
import org.jprefork.internal.AgentConfig;

/**
 * A tool run unmodified ({@code --checkpoint-at=main}): its template is checkpointed just before
 * the tool's main runs, after an optional warm-up run of that main ({@code --warmup=WORDS}).
 *
 * @param warmup      the warm-up run's arguments; empty: no warm-up run
 * @param verifyCalls how many of the pool's first calls with the warm-up are also run as plain
 *                    java and compared ({@code --verify-warmup=N}); 0: none
 */
public record ToolEntry(List<String> warmup, int verifyCalls) {
    /** The most calls --verify-warmup may ask for: each costs a plain java run. */
    public static final int MAX_VERIFY_CALLS = 1000;

    public ToolEntry {
        warmup = List.copyOf(warmup);
        if (verifyCalls < 0 || verifyCalls > MAX_VERIFY_CALLS) {
            throw new IllegalArgumentException("--verify-warmup=" + verifyCalls + ": give a number of calls from 1 to "
                    + MAX_VERIFY_CALLS);
        }
        if (verifyCalls > 0 && warmup.isEmpty()) {
            throw new IllegalArgumentException("--verify-warmup needs --warmup");
        }
    }

    public ToolEntry(List<String> warmup) {
        this(warmup, 0);
    }

    /** The same tool without its warm-up run (nor its verification). */
    public ToolEntry withoutWarmup() {
        return new ToolEntry(List.of(), 0);
    }

    /**
     * The pool manager's ENTRY argument: {@code program} (no tool entry) or
     * {@code main[:WORDS[:N]]} (N: verifyCalls).
     */
    public static String argument(ToolEntry entry) {
        if (entry == null) {
            return "program";
        }
        if (entry.warmup.isEmpty()) {
            return "main";
        }
        return "main:" + AgentConfig.encodeWords(entry.warmup) + (entry.verifyCalls == 0 ? "" : ":" + entry.verifyCalls);
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
            String[] parts = argument.substring(5).split(":", -1);
            if (parts.length <= 2) {
                try {
                    int verify = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
                    return new ToolEntry(AgentConfig.decodeWords(parts[0]), verify);
                } catch (IllegalArgumentException e) {
                    // below
                }
            }
        }
        throw new IllegalArgumentException("bad ENTRY argument: " + argument);
    }

    /** The agent arguments that tell the agent to run {@code mainClass} this way. */
    String agentArgs(String mainClass) {
        return ",main=" + mainClass + (warmup.isEmpty() ? "" : ",warmup=" + AgentConfig.encodeWords(warmup));
    }
}
