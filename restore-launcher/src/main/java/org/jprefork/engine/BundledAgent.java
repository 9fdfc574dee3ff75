package org.jprefork.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.jprefork.protocol.JavaCommandLine;

/**
 * A checkpoint-agent jar other than jprefork's on a program's own class path, e.g. bundled in its
 * lib/ because the program compiles against {@code Prefork}.
 *
 * <p>The JVM appends a {@code -javaagent} jar to the class path, so the program's copy of the
 * agent's classes is found first: an older or newer one would run jprefork's agent protocol with
 * the wrong code (seen: a JVM assertion and exit 127). A bundled jar with the same classes as
 * jprefork's is harmless and is not reported.
 *
 * @param jar     the bundled jar
 * @param version its Maven version, or "unknown"
 */
public record BundledAgent(Path jar, String version) {
    /** Classes whose contents tell two agent builds apart (zip CRCs: no need to read them). */
    private static final List<String> MARKERS = List.of(
            "org/jprefork/Prefork.class", "org/jprefork/internal/AgentMain.class",
            "org/jprefork/internal/AgentConfig.class");
    private static final String POM = "META-INF/maven/org.jprefork/checkpoint-agent/pom.properties";

    /**
     * The first jar on the program's class path that carries agent classes different from
     * {@code ourAgent}'s, or null. Relative entries are taken from this process's directory;
     * unreadable entries are skipped (java reports those itself).
     */
    public static BundledAgent find(JavaCommandLine command, Path ourAgent) throws IOException {
        List<Long> ours = crcs(ourAgent);
        for (Path jar : classPathJars(command)) {
            try {
                if (Files.isSameFile(jar, ourAgent)) {
                    continue;
                }
                List<Long> theirs = crcs(jar);
                if (!theirs.stream().allMatch(c -> c == -1L) && !theirs.equals(ours)) {
                    return new BundledAgent(jar, version(jar));
                }
            } catch (IOException e) {
                // Not a readable jar: not ours to judge.
            }
        }
        return null;
    }

    /** One line for the caller. */
    public String describe(String ourVersion) {
        return jar + " on the program's class path carries another build of jprefork's checkpoint agent ("
                + version + "; jprefork's is " + ourVersion + ")";
    }

    /** The Maven version recorded in an agent jar, or "unknown". */
    public static String version(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            ZipEntry e = f.getEntry(POM);
            if (e == null) {
                return "unknown";
            }
            Properties p = new Properties();
            try (InputStream in = f.getInputStream(e)) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static List<Long> crcs(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            List<Long> crcs = new ArrayList<>();
            for (String name : MARKERS) {
                ZipEntry e = f.getEntry(name);
                crcs.add(e == null ? -1L : e.getCrc());
            }
            return crcs;
        }
    }

    /** The jars java would search: -cp entries (with dir/* wildcards), or -jar's jar and its Class-Path. */
    static List<Path> classPathJars(JavaCommandLine command) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (command.program().form() == JavaCommandLine.Form.JAR) {
            Path jar = Path.of(command.program().target()).toAbsolutePath();
            jars.add(jar);
            jars.addAll(manifestClassPath(jar));
            return jars;
        }
        String cp = command.classPath().orElse(null);
        if (cp != null) {
            ClassPathEntries.expand(cp, Path.of("").toAbsolutePath()).stream()
                    .filter(ClassPathEntries::isJar).forEach(jars::add);
        }
        return jars;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> jars = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            String cp = f.getManifest() == null ? null
                    : f.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String url : cp.trim().split("\\s+")) {
                    if (url.endsWith(".jar") || url.endsWith(".JAR")) {
                        jars.add(jar.resolveSibling(url.replace("%20", " ")).normalize());
                    }
                }
            }
        } catch (IOException e) {
            // java reports an unreadable jar itself.
        }
        return jars;
    }
}
