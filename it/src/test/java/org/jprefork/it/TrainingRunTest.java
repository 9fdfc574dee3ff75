package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --checkpoint-at=main's training run on a small tool: the first call records the classes the
 * tool loads, the next call rebuilds the template with them, and a class whose static
 * initialiser reads the environment is still initialised per call.
 */
@RequiresCriu
class TrainingRunTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void theFirstCallTrainsTheTemplateAndPerCallStateStaysPerCall() throws Exception {
        Path classes = ws.root.resolve("classes");
        Files.createDirectories(classes);
        try (var in = TrainingRunTest.class.getResourceAsStream("/programs/ToolMain.java")) {
            Files.copy(in, ws.work.resolve("ToolMain.java"));
        }
        Process javac = new ProcessBuilder("javac", "-d", classes.toString(), ws.work.resolve("ToolMain.java").toString())
                .inheritIO().start();
        assertEquals(0, javac.waitFor());
        List<String> tool = List.of("-U", "--checkpoint-at=main", "java", "-cp", classes.toString(), "ToolMain");

        for (int i = 0; i < 4; i++) {
            Jprefork.Result r = ws.jprefork().env("TOOL_GREETING", "hi" + i).run(words(tool, "a", "b"));
            assertEquals("greeting=hi" + i + " square=4 args=[a, b]\n", r.out(), "call " + i + ": " + r);
            assertEquals(0, r.exit(), r.toString());
            if (i == 0) {
                Path list = onlyTrainedList();
                assertTrue(Files.readAllLines(list).contains("app ToolMain$EnvConfig"), "not recorded: " + list);
            }
        }
        String log = ws.poolLog();
        assertTrue(log.contains("trained-") && log.contains("changed; reloading"), "no trained rebuild: " + log);
        assertTrue(log.contains("generation 2: checkpoint"), log);

        Jprefork.Result plainThrow = ws.jprefork().runProgram("java", "-cp", classes.toString(), "ToolMain", "throw", "x");
        Jprefork.Result thrown = ws.jprefork().run(words(tool, "throw", "x"));
        assertEquals(plainThrow.toString(), thrown.toString());
        assertEquals(9, ws.jprefork().run(words(tool, "exit", "9")).exit());
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
