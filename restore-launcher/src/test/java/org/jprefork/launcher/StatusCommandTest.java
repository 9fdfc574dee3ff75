package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    private static Map<String, String> pool() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ident", "0123456789abcdef0123456789abcdef");
        m.put("program", "java \"Odd\".java");
        m.put("engine", "criu");
        m.put("manager_pid", "4242");
        m.put("state", "image");
        m.put("spares_ready", "1");
        m.put("calls_running", "0");
        m.put("calls_served", "17");
        m.put("errors", "0");
        m.put("image_bytes", "78643200");
        m.put("restore_median_ms", "86");
        m.put("idle_exit_s", "never");
        m.put("held", "1w 2r");
        return m;
    }

    @Test
    void theTableHasOneAlignedLinePerPoolWithShortIdentsAndUnits() {
        String out = StatusCommand.table(List.of(pool()));
        List<String> lines = out.lines().toList();
        assertEquals("IDENT         ENGINE  PID   STATE  SPARES  RUNNING  SERVED  ERRORS  IMAGE   RESTORE  IDLE-EXIT  "
                + "WARMUP  HELD   PROGRAM", lines.get(0));
        assertEquals("0123456789ab  criu    4242  image  1       0        17      0       75 MiB  86 ms    never      "
                + "-       1w 2r  java \"Odd\".java", lines.get(1));
        assertEquals(2, lines.size());
    }

    @Test
    void aWarmupTurnedOffIsSaidBelowTheTable() {
        Map<String, String> tool = pool();
        tool.put("warmup", "off");
        tool.put("warmup_note", "warm-up kept the warm-up's arguments in T's static state (T.A); calls run without it");
        List<String> lines = StatusCommand.table(List.of(tool)).lines().toList();
        assertTrue(lines.get(1).contains("  off     1w 2r  java"), lines.get(1));
        assertEquals("0123456789ab: warm-up kept the warm-up's arguments in T's static state (T.A); calls run without it",
                lines.get(2));
    }

    @Test
    void jsonKeepsEveryFieldNumbersBareStringsQuoted() {
        assertEquals("[]\n", StatusCommand.json(List.of()));
        String json = StatusCommand.json(List.of(pool()));
        assertEquals("[\n  {\"ident\": \"0123456789abcdef0123456789abcdef\", \"program\": \"java \\\"Odd\\\".java\", "
                + "\"engine\": \"criu\", \"manager_pid\": 4242, \"state\": \"image\", \"spares_ready\": 1, "
                + "\"calls_running\": 0, \"calls_served\": 17, \"errors\": 0, \"image_bytes\": 78643200, "
                + "\"restore_median_ms\": 86, \"idle_exit_s\": \"never\", \"held\": \"1w 2r\"}\n]\n", json);
    }

    @Test
    void heldIsWhatTheProgramHeldAtItsCheckpointInShort() {
        Map<String, String> some = new LinkedHashMap<>(Map.of("held_shared", "2", "held_read_only", "0",
                "held_total", "9", "delete_at_end", "1"));
        assertEquals("2w 1d", StatusCommand.withHeldSummary(some).get("held"));
        Map<String, String> none = new LinkedHashMap<>(Map.of("held_shared", "0", "held_total", "4"));
        assertEquals("-", StatusCommand.withHeldSummary(none).get("held"));
        assertEquals("-", StatusCommand.withHeldSummary(new LinkedHashMap<>()).get("held"));
    }

    @Test
    void theIdleCountdownIsComputedFromTheAbsoluteDeadline() {
        Map<String, String> idle = new LinkedHashMap<>(Map.of("idle_timeout_ms", "60000", "idle_exit_at_ms", "1000042000"));
        assertEquals("42", StatusCommand.withIdleCountdown(idle, 1_000_000_000L).get("idle_exit_s"));
        assertEquals("0", StatusCommand.withIdleCountdown(idle, 1_000_050_000L).get("idle_exit_s"));
        Map<String, String> busy = new LinkedHashMap<>(Map.of("idle_timeout_ms", "60000", "idle_exit_at_ms", "-"));
        assertEquals("60", StatusCommand.withIdleCountdown(busy, 1_000_000_000L).get("idle_exit_s"));
        Map<String, String> never = new LinkedHashMap<>(Map.of("idle_timeout_ms", "never", "idle_exit_at_ms", "-"));
        assertEquals("never", StatusCommand.withIdleCountdown(never, 1_000_000_000L).get("idle_exit_s"));
    }
}
