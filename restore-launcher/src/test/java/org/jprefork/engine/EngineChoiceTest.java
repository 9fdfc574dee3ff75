package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine detection and choice, and the command lines of the engines no test machine can run. */
class EngineChoiceTest {
    @TempDir
    Path tmp;

    /** A fake JDK: bin/java, and lib/MARKER when given. */
    private String jdk(String name, String marker) throws Exception {
        Path home = tmp.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("lib"));
        Path java = Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        if (marker != null) {
            Files.createFile(home.resolve("lib").resolve(marker));
        }
        return java.toString();
    }

    private EngineChoice choose(String requested, String java, Map<String, String> env) throws EngineException {
        return EngineChoice.choose(requested, java, env, List.of(tmp.resolve("no-criu")), tmp.resolve("check"));
    }

    @Test
    void aJdkWithCracIsRecognisedByWhatItShipsInLib() throws Exception {
        for (String marker : CracJdk.MARKERS) {
            assertEquals(EngineKind.CRAC, choose(null, jdk("crac-" + marker, marker), Map.of()).kind(), marker);
        }
        assertNull(CracJdk.marker(jdk("plain", null), Map.of()));
    }

    @Test
    void withoutCracOrCriuTheWarmEngineIsChosenAndSaysWhy() throws Exception {
        EngineChoice c = choose(null, jdk("plain", null), Map.of());
        assertEquals(EngineKind.WARM, c.kind());
        assertTrue(c.reason().startsWith("no usable CRIU"), c.reason());
    }

    @Test
    void anEngineAskedForIsUsedOrRefusedWithTheReason() throws Exception {
        String plain = jdk("plain", null);
        assertEquals(EngineKind.WARM, choose("warm", plain, Map.of()).kind());
        assertEquals(EngineKind.NONE, choose("none", plain, Map.of()).kind());
        assertEquals(EngineKind.WARM, choose(null, plain, Map.of(EngineChoice.ENV, "warm")).kind());
        assertEquals(EngineKind.NONE, choose("none", plain, Map.of(EngineChoice.ENV, "warm")).kind(), "the option wins");
        EngineException crac = assertThrows(EngineException.class, () -> choose("crac", plain, Map.of()));
        assertTrue(crac.getMessage().startsWith("engine crac (--engine=crac) needs a JDK with CRaC"), crac.getMessage());
        EngineException criu = assertThrows(EngineException.class, () -> choose(null, plain, Map.of(EngineChoice.ENV, "criu")));
        assertTrue(criu.getMessage().startsWith("engine criu (JPREFORK_ENGINE=criu) cannot run here"), criu.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> choose("fast", plain, Map.of()));
        assertEquals("unknown engine 'fast': expected criu, crac, warm or none", bad.getMessage());
    }

    @Test
    void cracTemplatesCheckpointThemselvesAndCopiesAreNamedByAToken() throws Exception {
        CracEngine engine = new CracEngine("/jdk/bin/java", Map.of());
        assertEquals(List.of("-XX:CRaCCheckpointTo=/p/image-1.tmp"), CracEngine.checkpointOptions(Path.of("/p/image-1.tmp")));
        assertEquals(List.of("/jdk/bin/java", "-XX:CRaCRestoreFrom=/p/image-1", "-Djprefork.copy=t1"),
                engine.restoreCommand(Path.of("/p/image-1"), "t1"));
        assertFalse(engine.templateSurvivesCheckpoint());
        TemplateProcess.Isolation noPipe = TemplateProcess.Isolation.SESSION_NO_PIPE;
        assertEquals("fd=-1,engine=crac" + BackgroundPriority.agentArgument() + ",socket=/s",
                TemplateProcess.agentArgs(noPipe, "crac", Path.of("/s")));
        // CRaC refuses to checkpoint a JVM with an open pipe: no control pipe on fd 3.
        assertEquals(List.of("setsid", "/bin/sh", "-c", "exec \"$@\" </dev/null", "jprefork-template"),
                TemplateProcess.launcher(noPipe));
    }

    @Test
    void onlyCriuTemplatesGetTheirOwnPidNamespace() {
        // util-linux unshare only when jprefork's own launcher (pidns.c) was not built.
        assertEquals(List.of("unshare", "--pid", "--fork", "--kill-child", "setsid", "/bin/sh", "-c",
                "exec \"$@\" 3<&0 </dev/null", "jprefork-template"),
                TemplateProcess.launcher(TemplateProcess.Isolation.PID_NAMESPACE, null));
        assertEquals(List.of("/lib/jprefork-pidns", "setsid", "/bin/sh", "-c",
                "exec \"$@\" 3<&0 </dev/null", "jprefork-template"),
                TemplateProcess.launcher(TemplateProcess.Isolation.PID_NAMESPACE, Path.of("/lib/jprefork-pidns")));
        assertEquals(List.of("setsid", "/bin/sh", "-c", "exec \"$@\" 3<&0 </dev/null", "jprefork-template"),
                TemplateProcess.launcher(TemplateProcess.Isolation.SESSION));
    }
}
