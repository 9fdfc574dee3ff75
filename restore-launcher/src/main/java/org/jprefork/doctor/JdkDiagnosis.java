package org.jprefork.doctor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jprefork.engine.Executables;

/** The JDKs a #! line could name: the default java on PATH, $JAVA_HOME, and /usr/lib/jvm/*. */
final class JdkDiagnosis {
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final int MINIMUM = 17;

    private JdkDiagnosis() {
    }

    static List<Finding> check(Map<String, String> env, Path jvmDir) {
        List<Finding> out = new ArrayList<>();
        Path java = Executables.find("java", env);
        if (java == null) {
            out.add(Finding.fail("java", "no java on PATH", "install a JDK 17 or later (Debian: apt-get install "
                    + "openjdk-17-jdk-headless), or name one by path in the #! line"));
        } else {
            out.add(describe("java", java));
        }
        Set<Path> homes = new LinkedHashSet<>();
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            homes.add(Path.of(javaHome));
        }
        if (Files.isDirectory(jvmDir)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvmDir)) {
                for (Path d : dirs) {
                    if (!Files.isSymbolicLink(d)) {
                        homes.add(d);
                    }
                }
            } catch (IOException e) {
                out.add(Finding.info("jdk", "cannot list " + jvmDir + ": " + e.getMessage()));
            }
        }
        for (Path home : homes.stream().sorted().toList()) {
            Path bin = home.resolve("bin/java");
            if (Files.isExecutable(bin)) {
                out.add(describe("jdk", bin));
            }
        }
        return out;
    }

    /** OK for a JDK 17 or later, FAIL for an older one, INFO when its version cannot be read. */
    static Finding describe(String subject, Path java) {
        Path real;
        try {
            real = java.toRealPath();
        } catch (IOException e) {
            return Finding.fail(subject, java + ": " + e.getMessage(), "fix or remove the link");
        }
        String where = java.equals(real) ? java.toString() : java + " -> " + real;
        String version = release(real.getParent().getParent());
        if (version == null) {
            return Finding.info(subject, where + " (no release file: version unknown)");
        }
        int feature = feature(version);
        if (feature < MINIMUM) {
            return Finding.fail(subject, where + " is Java " + version, "jprefork needs Java 17 or later");
        }
        return Finding.ok(subject, where + " (Java " + version + ")");
    }

    static int feature(String version) {
        Matcher m = Pattern.compile("^(1\\.)?(\\d+)").matcher(version);
        return m.find() ? Integer.parseInt(m.group(2)) : 0;
    }

    private static String release(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
