package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The program changes while its template initialises and is checkpointed: the image is of the
 * old code, so the next call must not be served from it. The watched files' state is taken when
 * the generation starts, before the template runs.
 */
@RequiresCriu
class ChangedDuringCheckpointTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aScriptChangedBeforeItsCheckpointIsReloadedByTheNextCall() throws Exception {
        Path go = ws.root.resolve("go");
        Process first = ws.jprefork().env("INIT_MODE", "waitfile").env("INIT_WAIT", go.toString())
                .start("-U", "java", "Faults.java", "a");
        BufferedReader err = new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8));
        assertEquals("waiting", err.readLine());
        Path script = ws.work.resolve("Faults.java");
        Files.writeString(script, Files.readString(script).replace("\"ok \"", "\"ok2 \""));
        Files.writeString(go, "");
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the first call hung");
        assertEquals("ok a\n", new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, first.exitValue());

        Jprefork.Result second = ws.jprefork().run("-U", "java", "Faults.java", "b");
        assertEquals("ok2 b\n", second.out(), "served from the image of the old code: " + second);
        String log = ws.poolLog();
        assertTrue(log.contains("Faults.java changed; reloading"), log);
    }
}
