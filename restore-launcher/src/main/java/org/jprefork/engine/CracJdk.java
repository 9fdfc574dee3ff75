package org.jprefork.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tells whether a java executable belongs to a JDK with CRaC (Azul Zulu with CRaC, and other
 * builds of openjdk/crac): those ship the checkpoint engine beside the JVM, in lib/.
 */
public final class CracJdk {
    /** Files in JAVA_HOME/lib of which any one marks a CRaC JDK (criu and the engines of the builds). */
    static final List<String> MARKERS = List.of("criu", "criuengine", "libcriuengine.so", "libcrexec.so");

    private CracJdk() {
    }

    /** The marker found, or null when the JDK has no CRaC (or the executable is not found). */
    public static Path marker(String javaWord, Map<String, String> env) {
        Path home = JdkRelease.home(javaWord, env);
        return home == null ? null : markerIn(home);
    }

    static Path markerIn(Path javaHome) {
        for (String name : MARKERS) {
            Path p = javaHome.resolve("lib").resolve(name);
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }
}
