package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentEnvironmentTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/bin", "TZ", "UTC", "LC_ALL", "C", "LC_TIME", "de_DE",
            "LANG", "C.UTF-8", "LD_PRELOAD", "/x.so", "JAVA_TOOL_OPTIONS", "-Dx=1", "CLASSPATH", "/opt", "USER", "u",
            "HOME", "/home/u");

    @Test
    void theVariablesTheJvmReadsBeforeMainInNameOrder() {
        assertEquals(List.of("CLASSPATH=/opt", "HOME=/home/u", "JAVA_TOOL_OPTIONS=-Dx=1", "LANG=C.UTF-8", "LC_ALL=C",
                        "LC_TIME=de_DE", "LD_PRELOAD=/x.so", "TZ=UTC"),
                IdentEnvironment.entries(ENV, JavaCommandLine.parse(List.of("Main"))));
    }

    @Test
    void classpathOnlyWhereJavaReadsIt() {
        assertEquals(List.of("HOME=/home/u", "JAVA_TOOL_OPTIONS=-Dx=1", "LANG=C.UTF-8", "LC_ALL=C", "LC_TIME=de_DE",
                        "LD_PRELOAD=/x.so", "TZ=UTC"),
                IdentEnvironment.entries(ENV, JavaCommandLine.parse(List.of("-jar", "/a.jar"))));
        assertEquals(false, IdentEnvironment.entries(ENV, JavaCommandLine.parse(List.of("-cp", "/x", "Main")))
                .contains("CLASSPATH=/opt"));
    }

    @Test
    void environmentsNoCopyCanServe() {
        assertNull(IdentEnvironment.plainOnly(ENV));
        assertNotNull(IdentEnvironment.plainOnly(Map.of("_JAVA_LAUNCHER_DEBUG", "")));
        assertNotNull(IdentEnvironment.plainOnly(Map.of("_JAVA_OPTIONS", "\"-Dx=1")));
        assertNotNull(IdentEnvironment.plainOnly(Map.of("JDK_JAVA_OPTIONS", "@opts")));
        assertNull(IdentEnvironment.plainOnly(Map.of("JAVA_TOOL_OPTIONS", "@opts")), "only the launcher expands @files");
    }

    @Test
    void umaskDigits() {
        assertEquals("0022", Ident.octal(022));
        assertEquals("0000", Ident.octal(0));
        assertEquals("0777", Ident.octal(0777));
    }
}
