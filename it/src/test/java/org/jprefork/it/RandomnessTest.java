package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Twenty copies of one checkpoint: generators made before it give every copy its own values
 * (Random, SecureRandom of each JDK algorithm, UUID, ThreadLocalRandom on two threads,
 * Math.random), explicitly seeded ones keep their sequence, and each copy knows its own PID.
 */
@RequiresCriu
class RandomnessTest {
    private static final int COPIES = 20;

    @RegisterExtension
    final Workspace ws = new Workspace();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"java", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"})
    void everyCopyHasItsOwnRandomnessAndSeededGeneratorsKeepTheirs(String java) throws Exception {
        assumeTrue(java.equals("java") || Files.isExecutable(Path.of(java)), "no JDK at " + java);
        Map<String, Set<String>> fresh = new HashMap<>();
        Map<String, String> seeded = new HashMap<>();
        for (int i = 0; i < COPIES; i++) {
            Jprefork.Result r = ws.jprefork().run("-U", java, "Randomness.java");
            assertEquals(0, r.exit(), r.toString());
            Map<String, String> values = parse(r.out());
            assertEquals(16, values.size(), r.toString());
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().startsWith("fresh.")) {
                    assertTrue(fresh.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()),
                            "copy " + i + " repeated " + e.getKey() + ": " + r.out());
                } else if (e.getKey().startsWith("seeded.")) {
                    String first = seeded.putIfAbsent(e.getKey(), e.getValue());
                    assertTrue(first == null || first.equals(e.getValue()),
                            "copy " + i + " changed the sequence of " + e.getKey() + ": " + r.out());
                }
            }
            String[] pid = values.get("pid").split(" ");
            assertEquals(pid[0], pid[1], "ProcessHandle.current() is not /proc/self: " + r.out());
            if (i == 0) {
                ws.awaitImage(); // the first call ran the program itself; copies after it
            } else {
                assertNotEquals("1", pid[0], r.out());
                String log = ws.poolLog();
                assertTrue(log.contains("served by pid " + pid[0] + ":"), "the manager knows another PID: " + log);
            }
        }
        Jprefork.Result plain = ws.jprefork().runProgram(java, "-cp", Jprefork.agentJar().toString(), ws.work.resolve("Randomness.java").toString());
        Map<String, String> plainValues = parse(plain.out());
        for (Map.Entry<String, String> e : seeded.entrySet()) {
            assertEquals(plainValues.get(e.getKey()), e.getValue(), "seeded sequence differs from plain java: " + e.getKey());
        }
    }

    private static Map<String, String> parse(String out) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                values.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return values;
    }
}
