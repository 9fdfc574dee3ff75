package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerEnvironmentTest {
    @Test
    void theWrappersMovedVariablesArePutBackAndTheirAbsenceToo() {
        Map<String, String> process = Map.of("PATH", "/bin", "JPREFORK_CALLER_ENV", "moved",
                "JPREFORK_CALLER_JAVA_TOOL_OPTIONS", "-Dfoo=tool", "JPREFORK_CALLER__JAVA_OPTIONS", "",
                "JDK_JAVA_OPTIONS", "set by whoever ran the wrapper's java");
        assertEquals(Map.of("PATH", "/bin", "JAVA_TOOL_OPTIONS", "-Dfoo=tool", "_JAVA_OPTIONS", ""),
                CallerEnvironment.of(process));
    }

    @Test
    void withoutTheWrapperTheEnvironmentIsTheCallers() {
        Map<String, String> process = Map.of("PATH", "/bin", "JAVA_TOOL_OPTIONS", "-Dx=1");
        assertEquals(process, CallerEnvironment.of(process));
    }

    @Test
    void jpreforksOwnJvmsGetNoneOfThem() {
        assertEquals(Map.of("PATH", "/bin"), CallerEnvironment.forJpreforkJvm(Map.of("PATH", "/bin",
                "JAVA_TOOL_OPTIONS", "-Dx=1", "JPREFORK_CALLER_ENV", "moved", "JPREFORK_CALLER__JAVA_OPTIONS", "x")));
    }
}
