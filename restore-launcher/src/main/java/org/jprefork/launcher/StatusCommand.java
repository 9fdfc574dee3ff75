package org.jprefork.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jprefork.client.Pools;
import org.jprefork.manager.StatusFile;
import org.jprefork.rundir.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jprefork status [SCRIPT|IDENT] [--json]}: the pools of this run dir, one line each. */
@Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Shows the running pools: ident, engine, manager PID, spares ready, calls running and served, "
                + "errors, image size, median restore time, seconds until the idle exit, a tool's warm-up (kept, "
                + "unchecked, verifying K/N, off: why, below the table), what the program held at its checkpoint "
                + "(w: files open for writing, shared by every copy; r: files open read-only; d: deleteOnExit files "
                + "kept until the pool's generation ends), and the program.",
            "A pool whose manager is gone shows as 'dead' (jprefork gc removes what it left)."})
final class StatusCommand extends ManagementCommand {
    /** The columns of the table, and the keys of the status file they show. */
    private static final List<String[]> COLUMNS = List.of(
            new String[] {"IDENT", "ident"}, new String[] {"ENGINE", "engine"}, new String[] {"PID", "manager_pid"},
            new String[] {"STATE", "state"}, new String[] {"SPARES", "spares_ready"},
            new String[] {"RUNNING", "calls_running"}, new String[] {"SERVED", "calls_served"},
            new String[] {"ERRORS", "errors"}, new String[] {"IMAGE", "image_bytes"},
            new String[] {"RESTORE", "restore_median_ms"}, new String[] {"IDLE-EXIT", "idle_exit_s"},
            new String[] {"WARMUP", "warmup"}, new String[] {"HELD", "held"}, new String[] {"PROGRAM", "program"});

    @Parameters(arity = "0..*", paramLabel = "SCRIPT|IDENT|CALL", description = "Only this pool: a #! script, "
            + "an ident, or the words of a call (-U java -cp X Main).")
    List<String> target;

    @Option(names = "--json", description = "One JSON object per pool, in an array, with every field.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        RunDir runDir = runDir();
        String only = target == null || target.isEmpty() ? null : ident(target);
        List<Map<String, String>> pools = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.path())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".status")).sorted()::iterator) {
                Map<String, String> fields;
                try {
                    fields = StatusFile.read(f);
                } catch (IOException e) {
                    continue; // replaced meanwhile
                }
                String ident = fields.getOrDefault("ident", "");
                if (only != null && !only.equals(ident)) {
                    continue;
                }
                if (Pools.running(runDir, ident).isEmpty()) {
                    fields.put("state", "dead");
                }
                pools.add(withHeldSummary(withIdleCountdown(fields, System.currentTimeMillis())));
            }
        }
        if (only != null && pools.isEmpty()) {
            System.err.println("jprefork: no running pool for " + String.join(" ", target) + " (ident " + only + ")");
            return 1;
        }
        System.out.print(json ? json(pools) : table(pools));
        return 0;
    }

    /**
     * Adds idle_exit_s, the seconds until the idle exit, from the manager's absolute deadline
     * (idle_exit_at_ms; "-" while a call runs: then the whole idle_timeout_ms is left).
     */
    static Map<String, String> withIdleCountdown(Map<String, String> fields, long nowMillis) {
        String timeout = fields.get("idle_timeout_ms");
        String at = fields.getOrDefault("idle_exit_at_ms", "-");
        if (timeout == null) {
            return fields; // a manager of an older jprefork wrote idle_exit_s itself
        }
        if (timeout.equals("never")) {
            fields.put("idle_exit_s", "never");
        } else if (at.equals("-")) {
            fields.put("idle_exit_s", Long.toString(Math.max(0, parse(timeout)) / 1000));
        } else {
            fields.put("idle_exit_s", Long.toString(Math.max(0, parse(at) - nowMillis) / 1000));
        }
        return fields;
    }

    /**
     * Adds held: what the program held at its checkpoint, in short: {@code 2w} files open for
     * writing (shared by all copies), {@code 1r} files open read-only (watched), {@code 1d}
     * deleteOnExit files kept until the generation ends; "-" for none of these.
     */
    static Map<String, String> withHeldSummary(Map<String, String> fields) {
        StringBuilder held = new StringBuilder();
        for (String[] part : new String[][] {{"held_shared", "w"}, {"held_read_only", "r"}, {"delete_at_end", "d"}}) {
            long n = parse(fields.getOrDefault(part[0], "0"));
            if (n > 0) {
                held.append(held.length() == 0 ? "" : " ").append(n).append(part[1]);
            }
        }
        fields.put("held", held.length() == 0 ? "-" : held.toString());
        return fields;
    }

    static String table(List<Map<String, String>> pools) {
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS.stream().map(c -> c[0]).toArray(String[]::new));
        for (Map<String, String> p : pools) {
            rows.add(COLUMNS.stream().map(c -> cell(c[1], p.getOrDefault(c[1], "-"))).toArray(String[]::new));
        }
        int[] width = new int[COLUMNS.size()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                boolean last = i == r.length - 1;
                out.append(last ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.append('\n');
        }
        for (Map<String, String> p : pools) {
            String note = p.get("warmup_note");
            if (note != null) {
                out.append(cell("ident", p.getOrDefault("ident", "-"))).append(": ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static String cell(String key, String value) {
        switch (key) {
            case "ident":
                return value.length() > 12 ? value.substring(0, 12) : value;
            case "image_bytes":
                long b = parse(value);
                return b <= 0 ? "-" : b < 1 << 20 ? (b >> 10) + " KiB" : (b >> 20) + " MiB";
            case "restore_median_ms":
                return parse(value) < 0 ? "-" : value + " ms";
            case "idle_exit_s":
                return value.equals("never") ? value : value + " s";
            case "warmup":
                return value.equals("none") ? "-" : value;
            default:
                return value;
        }
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String json(List<Map<String, String>> pools) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < pools.size(); i++) {
            out.append(i == 0 ? "\n  {" : ",\n  {");
            int j = 0;
            for (Map.Entry<String, String> e : pools.get(i).entrySet()) {
                out.append(j++ == 0 ? "" : ", ").append(quote(e.getKey())).append(": ");
                String v = e.getValue();
                out.append(v.matches("-?\\d{1,18}") ? v : quote(v));
            }
            out.append('}');
        }
        return out.append(pools.isEmpty() ? "]\n" : "\n]\n").toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
