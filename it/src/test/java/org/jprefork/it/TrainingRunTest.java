package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --checkpoint-at=main's training run on a small tool: the first call served by a copy records
 * the classes the tool loads, the template is rebuilt with them in the background while the
 * first one goes on serving calls, and a class whose static
 * initialiser reads the environment is still initialised per call.
 */
@RequiresCriu
class TrainingRunTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aTrainedTemplateIsBuiltInTheBackgroundAndPerCallStateStaysPerCall() throws Exception {
        Path classes = ws.root.resolve("classes");
        Files.createDirectories(classes);
        try (var in = TrainingRunTest.class.getResourceAsStream("/programs/ToolMain.java")) {
            Files.copy(in, ws.work.resolve("ToolMain.java"));
        }
        Process javac = new ProcessBuilder("javac", "-d", classes.toString(), ws.work.resolve("ToolMain.java").toString())
                .inheritIO().start();
        assertEquals(0, javac.waitFor());
        List<String> tool = List.of("-U", "--checkpoint-at=main", "java", "-cp", classes.toString(), "ToolMain");

        // The first call runs the tool itself; the template (generation 1) is built after it.
        call(tool, 0);
        ws.awaitImage();
        // The first call served by a copy records what the tool loads, at its exit.
        call(tool, 1);
        Path list = onlyTrainedList();
        assertTrue(Files.readAllLines(list).contains("app ToolMain$EnvConfig"), "not recorded: " + list);
        // The next call finds the list: it is served by generation 1 while generation 2, trained,
        // is built in the background, and replaces generation 1 once checkpointed.
        call(tool, 2);
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> ws.poolLog().contains("generation 2 replaces generation 1"));
        String log = ws.poolLog();
        int building = log.indexOf("appeared; building generation 2 in the background");
        int served = log.indexOf("call served by", building);
        int rebuilt = log.indexOf("generation 2: checkpoint");
        assertTrue(building > 0 && served > building && rebuilt > served,
                "the call that found the list waited for the trained rebuild: " + log);
        for (int i = 3; i < 5; i++) {
            call(tool, i);
        }
        assertTrue(ws.poolLog().contains("served by"), ws.poolLog());

        Jprefork.Result plainThrow = ws.jprefork().runProgram("java", "-cp", classes.toString(), "ToolMain", "throw", "x");
        Jprefork.Result thrown = ws.jprefork().run(words(tool, "throw", "x"));
        assertEquals(plainThrow.toString(), thrown.toString());
        assertEquals(9, ws.jprefork().run(words(tool, "exit", "9")).exit());
    }

    /** One call with its own greeting: per-call state stays per call, trained or not. */
    private void call(List<String> tool, int i) throws Exception {
        Jprefork.Result r = ws.jprefork().env("TOOL_GREETING", "hi" + i).run(words(tool, "a", "b"));
        assertEquals("greeting=hi" + i + " square=4 args=[a, b]\n", r.out(), "call " + i + ": " + r);
        assertEquals(0, r.exit(), r.toString());
    }

    private static String[] words(List<String> prefix, String... args) {
        List<String> all = new java.util.ArrayList<>(prefix);
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }

    private Path onlyTrainedList() throws Exception {
        try (var dirs = Files.list(ws.runDir)) {
            Path d = dirs.filter(p -> p.toString().endsWith(".d")).findFirst().orElseThrow();
            try (var files = Files.list(d)) {
                return files.filter(p -> p.getFileName().toString().startsWith("trained-")).findFirst()
                        .orElseThrow(() -> new AssertionError("no trained list in " + d));
            }
        }
    }
}
