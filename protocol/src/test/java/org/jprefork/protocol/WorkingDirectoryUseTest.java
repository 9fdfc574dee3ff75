package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkingDirectoryUseTest {
    private static boolean observable(Map<String, String> env, String... words) {
        return WorkingDirectoryUse.observable(JavaCommandLine.parse(List.of(words)), env);
    }

    static Stream<Arguments> relativeWords() {
        return Stream.of(
                Arguments.of((Object) new String[] {"./Script.java"}),
                Arguments.of((Object) new String[] {"-jar", "app.jar"}),
                Arguments.of((Object) new String[] {"-cp", "/opt/a.jar:lib/b.jar", "Main"}),
                Arguments.of((Object) new String[] {"-cp", "/opt/a.jar:", "Main"}),
                Arguments.of((Object) new String[] {"--class-path=classes", "Main"}),
                Arguments.of((Object) new String[] {"-Djava.class.path=classes", "Main"}),
                Arguments.of((Object) new String[] {"-cp", "/opt", "-p", "mods", "-m", "app/x.Main"}),
                Arguments.of((Object) new String[] {"--module-path=/m:mods", "-m", "app"}),
                Arguments.of((Object) new String[] {"--upgrade-module-path", "up", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"--patch-module", "java.base=patch", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-javaagent:agent.jar=/abs", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-agentpath:lib/libx.so", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Xbootclasspath/a:boot", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-splash:splash.png", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-XX:Flags=.hotspotrc", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-XX:SharedArchiveFile=app.jsa", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-XX:AOTCache=app.aot", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Xlog:gc:gc.log", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Xlog:gc*:file=gc.log:uptime", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Xloggc:gc.log", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-XX:StartFlightRecording=duration=1s,filename=r.jfr", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Djava.util.logging.config.file=logging.properties", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Djava.security.properties==extra.security", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Djava.library.path=/usr/lib:native", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"Main"}));
    }

    @ParameterizedTest
    @MethodSource("relativeWords")
    void aRelativePathAmongTheWordsMakesTheDirectoryObservable(String[] words) {
        assertTrue(observable(Map.of(), words), String.join(" ", words));
    }

    static Stream<Arguments> absoluteWords() {
        return Stream.of(
                Arguments.of((Object) new String[] {"/abs/Script.java", "rel/arg.txt"}),
                Arguments.of((Object) new String[] {"-jar", "/opt/app.jar", "rel"}),
                Arguments.of((Object) new String[] {"-cp", "/opt/a.jar:/opt/lib/*", "Main"}),
                Arguments.of((Object) new String[] {"-p", "/m", "-m", "app/x.Main"}),
                Arguments.of((Object) new String[] {"-javaagent:/opt/a.jar=rel/opts", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-Xlog:gc", "-Xlog:gc:stdout", "-Xlog:gc::uptime",
                    "-Xlog:gc:file=/var/gc.log", "-Xmx1g", "-Dx=rel/path", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"-XX:StartFlightRecording", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"--add-modules", "rel", "/abs/X.java"}),
                Arguments.of((Object) new String[] {"--source", "21", "/abs/script"}));
    }

    @ParameterizedTest
    @MethodSource("absoluteWords")
    void absolutePathsAndOtherWordsLeaveItOut(String[] words) {
        assertNull(WorkingDirectoryUse.reason(JavaCommandLine.parse(List.of(words)), Map.of()), String.join(" ", words));
    }

    @Test
    void aSourceFileGivenNoClassPathDoesNotSearchTheDirectoryButCLASSPATHCounts() {
        assertFalse(observable(Map.of(), "/abs/X.java"));
        assertFalse(observable(Map.of("CLASSPATH", "/opt/classes"), "/abs/X.java"));
        assertTrue(observable(Map.of("CLASSPATH", "classes"), "/abs/X.java"));
        assertTrue(observable(Map.of("CLASSPATH", ""), "/abs/X.java"), "an empty CLASSPATH is the directory");
    }

    @Test
    void aMainClassGivenNoClassPathSearchesTheDirectoryUnlessCLASSPATHSaysOtherwise() {
        assertTrue(observable(Map.of(), "Main"));
        assertFalse(observable(Map.of("CLASSPATH", "/opt/classes"), "Main"));
        assertTrue(observable(Map.of("CLASSPATH", "/opt/classes:."), "Main"));
        assertFalse(observable(Map.of("CLASSPATH", "rel"), "-cp", "/opt", "Main"), "-cp hides CLASSPATH");
        assertFalse(observable(Map.of("CLASSPATH", "rel"), "-jar", "/opt/app.jar"), "-jar ignores CLASSPATH");
        assertFalse(observable(Map.of("JDK_JAVA_OPTIONS", "-cp /opt"), "Main"), "JDK_JAVA_OPTIONS gives one");
        assertTrue(observable(Map.of("JAVA_TOOL_OPTIONS", "-Djava.class.path=/opt"), "Main"),
                "the launcher's default overrides JAVA_TOOL_OPTIONS's class path");
    }

    @Test
    void theJvmOptionVariablesCountAsWords() {
        assertTrue(observable(Map.of("JAVA_TOOL_OPTIONS", "-Dx=1 \"-javaagent:my agent.jar\""), "/abs/X.java"));
        assertFalse(observable(Map.of("JAVA_TOOL_OPTIONS", "-Dx=1 '-javaagent:/opt/my agent.jar=a b'"), "/abs/X.java"));
        assertTrue(observable(Map.of("_JAVA_OPTIONS", "-Xlog:gc:gc.log"), "/abs/X.java"));
        assertTrue(observable(Map.of("JDK_JAVA_OPTIONS", "-p mods"), "/abs/X.java"));
        assertTrue(observable(Map.of("JAVA_TOOL_OPTIONS", "'unmatched"), "/abs/X.java"));
    }

    @Test
    void theDynamicLoadersVariablesCount() {
        assertFalse(observable(Map.of("LD_LIBRARY_PATH", "/opt/lib:/usr/lib", "LD_PRELOAD", "/opt/libx.so"), "/abs/X.java"));
        assertTrue(observable(Map.of("LD_LIBRARY_PATH", "/opt/lib:"), "/abs/X.java"));
        assertTrue(observable(Map.of("LD_PRELOAD", "/opt/a.so lib/b.so"), "/abs/X.java"));
        assertTrue(observable(Map.of("LD_AUDIT", "audit.so"), "/abs/X.java"));
    }

    @Test
    void theReasonSaysWhich() {
        assertEquals("the launcher word -cp a:/b names a relative path",
                WorkingDirectoryUse.reason(JavaCommandLine.parse(List.of("-cp", "a:/b", "Main")), Map.of()));
    }
}
