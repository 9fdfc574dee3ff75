package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The feature version (17, 21, 25...) of the JDK a java executable belongs to, from its release file. */
final class JdkRelease {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JdkRelease() {
    }

    /** The JDK directory of a java executable (the parent of its bin), or null. */
    static Path home(String javaWord, Map<String, String> env) {
        Path java = Executables.find(javaWord, env);
        if (java == null) {
            return null;
        }
        try {
            return java.toRealPath().getParent().getParent();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** 0 when it cannot tell. */
    static int featureVersion(String javaWord, Map<String, String> env) {
        Path home = home(javaWord, env);
        if (home == null) {
            return 0;
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
