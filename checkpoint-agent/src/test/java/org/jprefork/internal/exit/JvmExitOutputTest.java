package org.jprefork.internal.exit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmExitOutputTest {
    @Test
    void optionsUnderWhichTheJvmWritesAtExitAreFound() {
        List<String> writers = List.of("-Xlog:gc+heap+exit", "-verbose:gc", "-XX:+PrintCompilation",
                "-XX:+LogCompilation", "-XX:+TraceClassLoading", "-XX:ArchiveClassesAtExit=app.jsa",
                "-agentlib:hprof", "-agentpath:/x/libprof.so", "-Xrunhprof");
        List<String> others = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Dx=-Xlog",
                "-XX:-PrintWarnings", "-javaagent:/x/agent.jar=fd=3", "--enable-native-access=ALL-UNNAMED");
        List<String> all = new java.util.ArrayList<>(others);
        all.addAll(writers);
        assertEquals(writers, JvmExitOutput.among(all));
        assertEquals(List.of(), JvmExitOutput.among(others));
    }
}
