package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The program changes while its template initialises and is checkpointed (in the background,
 * after the first call): the image is of the old code, so the next call must not be served from
 * it. The watched files' state is taken when the generation starts, before the template runs.
 */
@RequiresCriu
class ChangedDuringCheckpointTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aScriptChangedBeforeItsCheckpointIsReloadedByTheNextCall() throws Exception {
        Path go = ws.root.resolve("go");
        Path waiting = ws.root.resolve("waiting");
        // The first call runs the initialisation itself (run 1); the template, run 2, waits.
        Jprefork.Result first = ws.jprefork().env("INIT_MODE", "waitfile").env("INIT_WAIT", go.toString())
                .env("INIT_WAITING", waiting.toString()).env("INIT_RUNS", ws.root.resolve("runs").toString())
                .env("INIT_ON", "2").run("-U", "java", "Faults.java", "a");
        assertEquals("ok a\n", first.out(), first.toString());
        assertEquals(0, first.exit());
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(waiting));
        Path script = ws.work.resolve("Faults.java");
        Files.writeString(script, Files.readString(script).replace("\"ok \"", "\"ok2 \""));
        Files.writeString(go, "");
        ws.awaitImage(); // of the old code

        Jprefork.Result second = ws.jprefork().run("-U", "java", "Faults.java", "b");
        assertEquals("ok2 b\n", second.out(), "served from the image of the old code: " + second);
        String log = ws.poolLog();
        assertTrue(log.contains("Faults.java changed; reloading"), log);
    }
}
