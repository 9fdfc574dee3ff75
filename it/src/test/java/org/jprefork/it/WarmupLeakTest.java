package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tools run with {@code --checkpoint-at=main --warmup} that keep something of their first
 * {@code main}'s call in static state: a warm-up that did so is never served (every call is byte
 * for byte plain java's, one line tells the first call the pool serves, status shows it), while
 * tools whose warm-up kept nothing of its call keep their warm-up. The tools are stand-ins
 * written here.
 */
@RequiresCriu
class WarmupLeakTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    private static final Map<String, String> TOOLS = Map.of(
            "ArgsTool", """
                    import java.util.*;
                    public class ArgsTool {
                        static final List<String> FIRST = new ArrayList<>();
                        public static void main(String[] args) {
                            if (FIRST.isEmpty()) FIRST.addAll(Arrays.asList(args));
                            System.out.println("args=" + FIRST);
                        }
                    }
                    """,
            "EnvTool", """
                    import java.util.*;
                    public class EnvTool {
                        static Map<String, String> ENV;
                        public static void main(String[] args) {
                            if (ENV == null) ENV = new HashMap<>(System.getenv());
                            System.out.println("TOOL_VALUE=" + ENV.get("TOOL_VALUE"));
                        }
                    }
                    """,
            "CwdTool", """
                    import java.io.File;
                    public class CwdTool {
                        static File CWD;
                        public static void main(String[] args) {
                            if (CWD == null) CWD = new File(".").getAbsoluteFile();
                            System.out.println("cwd=" + CWD.getParent());
                        }
                    }
                    """,
            "OutTool", """
                    import java.io.PrintStream;
                    import java.util.Arrays;
                    public class OutTool {
                        static PrintStream OUT;
                        public static void main(String[] args) {
                            if (OUT == null) OUT = System.out;
                            OUT.println("args=" + Arrays.toString(args));
                            System.err.println("err " + args.length);
                            if (args.length == 3) System.exit(3);
                        }
                    }
                    """,
            "SafeTool", """
                    import java.util.*;
                    public class SafeTool {
                        static Map<Integer, String> NAMES;
                        static Map<String, String> ENV_VIEW;
                        public static void main(String[] args) {
                            if (NAMES == null) {
                                NAMES = new TreeMap<>();
                                for (int i = 0; i < 1000; i++) NAMES.put(i, Integer.toString(i * i, 36));
                                ENV_VIEW = System.getenv();
                            }
                            System.out.println(String.join(",", args) + " " + NAMES.get(args.length)
                                    + " TOOL_VALUE=" + ENV_VIEW.get("TOOL_VALUE"));
                        }
                    }
                    """,
            "PropTool", """
                    public class PropTool {
                        public static void main(String[] args) {
                            if (System.getProperty("tool.first") == null) System.setProperty("tool.first", args[0]);
                            System.out.println("first=" + System.getProperty("tool.first"));
                        }
                    }
                    """,
            "HashTool", """
                    public class HashTool {
                        static int seed;
                        public static void main(String[] args) {
                            if (seed == 0) seed = String.join(" ", args).hashCode() | 1;
                            System.out.println("seed=" + seed);
                        }
                    }
                    """);

    private Path classes;

    @BeforeEach
    void compileTools() throws Exception {
        classes = ws.root.resolve("classes");
        Path src = ws.root.resolve("src");
        Files.createDirectories(classes);
        Files.createDirectories(src);
        List<String> javac = new ArrayList<>(List.of("javac", "-d", classes.toString()));
        for (Map.Entry<String, String> t : TOOLS.entrySet()) {
            javac.add(Files.writeString(src.resolve(t.getKey() + ".java"), t.getValue()).toString());
        }
        assertEquals(0, new ProcessBuilder(javac).inheritIO().start().waitFor());
    }

    /** One call: where it runs, TOOL_VALUE in its environment, its arguments. */
    private record Call(Path dir, String value, List<String> args) {
        static Call of(Path dir, String value, String... args) {
            return new Call(dir, value, List.of(args));
        }
    }

    /**
     * Runs each call through jprefork and as plain java: byte for byte the same, except that a
     * caller's stderr may begin with {@code notice}. Returns how many did.
     */
    private int sameAsPlainJava(List<String> options, String tool, List<Call> calls, String notice) throws Exception {
        int notices = 0;
        boolean first = true;
        for (Call c : calls) {
            List<String> java = new ArrayList<>(List.of("java", "-cp", classes.toString(), tool));
            java.addAll(c.args());
            List<String> accelerated = new ArrayList<>(List.of("-U", "--checkpoint-at=main"));
            accelerated.addAll(options);
            accelerated.addAll(java);
            Jprefork.Result expected = ws.jprefork().in(c.dir()).env("TOOL_VALUE", c.value()).stdinDevNull()
                    .runProgram(java.toArray(new String[0]));
            Jprefork.Result actual = ws.jprefork().in(c.dir()).env("TOOL_VALUE", c.value()).stdinDevNull()
                    .run(accelerated.toArray(new String[0]));
            String err = actual.err();
            if (notice != null && err.startsWith(notice + "\n")) {
                notices++;
                err = err.substring(notice.length() + 1);
            }
            assertEquals(expected.toString(), new Jprefork.Result(actual.exit(), actual.out(), err).toString(),
                    "call " + c);
            if (first) {
                // The first call ran the tool itself; the pool (its warm-up checked) is built
                // after it: later calls are served by it.
                awaitImageOf(tool);
                first = false;
            }
        }
        return notices;
    }

    private void awaitImageOf(String tool) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                ws.jprefork().run("status", "--json").out().lines().anyMatch(l -> l.contains(" " + tool + "\"")
                        && l.contains("\"state\": \"image\"")));
    }

    /** The pools of the workspace, once each shows {@code warmup} (and {@code note}, if given). */
    private List<String> poolsShowing(String warmup, String note) {
        List<String> pools = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String json = ws.jprefork().run("status", "--json").out();
            pools.clear();
            for (String line : json.lines().filter(l -> l.contains("\"ident\"")).toList()) {
                assertTrue(line.contains("\"warmup\": \"" + warmup + "\""), line);
                assertTrue(note == null || line.contains("\"warmup_note\": \"" + note + "\""), line);
                pools.add(line);
            }
            assertTrue(!pools.isEmpty(), json);
        });
        return pools;
    }

    private void assertWarmupTurnedOff(List<String> options, String tool, List<Call> calls, String kept, String field)
            throws Exception {
        String notice = "jprefork: warm-up kept the warm-up's " + kept + " in " + tool + "'s static state (" + tool + "."
                + field + "); calls run without it";
        int notices = sameAsPlainJava(options, tool, calls, notice);
        List<String> pools = poolsShowing("off", notice.substring("jprefork: ".length()));
        assertEquals(pools.size(), notices, "one line per pool, to the first call it serves");
    }

    @Test
    void aWarmupThatKeptItsArgumentsIsNeverServed() throws Exception {
        Path w = ws.work;
        assertWarmupTurnedOff(List.of("--warmup=warm-a 'warm b'"), "ArgsTool",
                List.of(Call.of(w, "v", "x"), Call.of(w, "v", "y", "z"), Call.of(w, "v"), Call.of(w, "v", "x", "q")),
                "arguments", "FIRST");
    }

    @Test
    void aWarmupThatKeptTheEnvironmentIsNeverServed() throws Exception {
        Path w = ws.work;
        assertWarmupTurnedOff(List.of("--warmup=w"), "EnvTool",
                List.of(Call.of(w, "first"), Call.of(w, "second"), Call.of(w, "third"), Call.of(w, "fourth")),
                "environment", "ENV");
    }

    @Test
    void aWarmupThatKeptTheWorkingDirectoryIsNeverServed() throws Exception {
        Path w = ws.work;
        Path sub = Files.createDirectories(ws.work.resolve("sub"));
        assertWarmupTurnedOff(List.of("--warmup=w"), "CwdTool",
                List.of(Call.of(w, "v"), Call.of(sub, "v"), Call.of(w, "v"), Call.of(sub, "v")),
                "working directory", "CWD");
    }

    @Test
    void aWarmupThatPutItsArgumentInASystemPropertyIsNeverServed() throws Exception {
        Path w = ws.work;
        String notice = "jprefork: warm-up kept the warm-up's arguments in PropTool's static state "
                + "(System property tool.first); calls run without it";
        assertEquals(1, sameAsPlainJava(List.of("--warmup=warm"), "PropTool",
                List.of(Call.of(w, "v", "a"), Call.of(w, "v", "b"), Call.of(w, "v", "c")), notice));
        poolsShowing("off", notice.substring("jprefork: ".length()));
    }

    @Test
    void toolsThatKeptNothingOfTheWarmupsCallKeepTheirWarmup() throws Exception {
        Path w = ws.work;
        // System.out kept in a static: every call's fd 1 is its caller's, so the stream is too.
        assertEquals(0, sameAsPlainJava(List.of("--warmup=a b c"), "OutTool",
                List.of(Call.of(w, "v", "1"), Call.of(w, "v", "2", "x"), Call.of(w, "v", "3", "y", "z"),
                        Call.of(w, "v")), null));
        // A table built by the first main, and System.getenv() itself (a live view) kept.
        assertEquals(0, sameAsPlainJava(List.of("--warmup=warm"), "SafeTool",
                List.of(Call.of(w, "one", "a"), Call.of(w, "two", "b", "c"), Call.of(w, "three")), null));
        poolsShowing("kept", null);
        String logs = ws.poolLogs();
        assertTrue(logs.contains("warm-up checked: nothing of its call in OutTool's static state"), logs);
        assertTrue(logs.contains("warm-up checked: nothing of its call in SafeTool's static state"), logs);
    }

    @Test
    void verificationCatchesStateDerivedFromTheWarmupsArguments() throws Exception {
        Path w = ws.work;
        // A hash of the arguments in a static int: nothing the static check can see.
        String notice = "jprefork: a call with the warm-up differed from plain java (stdout); calls run without it";
        assertEquals(1, sameAsPlainJava(List.of("--warmup=warm up", "--verify-warmup=2"), "HashTool",
                List.of(Call.of(w, "v", "a"), Call.of(w, "v", "b", "c"), Call.of(w, "v", "d")), notice));
        poolsShowing("off", notice.substring("jprefork: ".length()));
    }

    @Test
    void verificationKeepsAWarmupThatGivesPlainJavasAnswers() throws Exception {
        Path w = ws.work;
        assertEquals(0, sameAsPlainJava(List.of("--warmup=warm", "--verify-warmup=2"), "SafeTool",
                List.of(Call.of(w, "one", "a"), Call.of(w, "two", "b", "c"), Call.of(w, "three")), null));
        poolsShowing("kept", null);
        assertTrue(ws.poolLogs().contains("warm-up verified: call 2 of 2 matched plain java"), ws.poolLogs());
    }
}
