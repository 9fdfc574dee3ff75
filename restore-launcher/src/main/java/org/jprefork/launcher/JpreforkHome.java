package org.jprefork.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where jprefork's own files are: the agent jar, a provisioned criu, the native library of jffi.
 * In a checkout (system property {@code jprefork.checkout}, set by bin/jprefork) they are the
 * build outputs; in an installation, {@code $JPREFORK_HOME} (set by the installed wrapper).
 */
public final class JpreforkHome {
    private static final String JFFI_LIB = "jni/x86_64-Linux/libjffi-1.2.so";
    private final Map<String, String> env;

    public JpreforkHome(Map<String, String> env) {
        this.env = env;
    }

    /** The checkpoint-agent jar that jprefork puts into every program it starts. */
    public Path agentJar() throws IOException {
        List<Path> dirs = new ArrayList<>();
        String checkout = System.getProperty("jprefork.checkout");
        if (checkout != null) {
            dirs.add(Path.of(checkout, "checkpoint-agent", "target"));
        }
        if (env.get("JPREFORK_HOME") != null) {
            dirs.add(Path.of(env.get("JPREFORK_HOME")));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "checkpoint-agent-*.jar")) {
                for (Path jar : jars) {
                    String name = jar.getFileName().toString();
                    if (!name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                            && !name.endsWith("-tests.jar")) {
                        return jar.toAbsolutePath();
                    }
                }
            }
        }
        throw new IOException("cannot find checkpoint-agent-*.jar (looked in " + dirs
                + "); build with scripts/test or set JPREFORK_HOME");
    }

    /** Candidate criu binaries, best first. */
    public List<Path> criuCandidates() {
        List<Path> out = new ArrayList<>();
        Optional.ofNullable(env.get("JPREFORK_CRIU")).filter(s -> !s.isEmpty()).map(Path::of).ifPresent(out::add);
        Optional.ofNullable(env.get("JPREFORK_HOME")).map(h -> Path.of(h, "criu")).ifPresent(out::add);
        out.add(cacheDir().resolve("bin/criu"));
        for (String dir : env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                out.add(Path.of(dir, "criu"));
            }
        }
        out.add(Path.of("/usr/sbin/criu"));
        return out;
    }

    /** {@code $JPREFORK_CACHE_DIR}, else {@code ${XDG_CACHE_HOME:-~/.cache}/jprefork}. */
    public Path cacheDir() {
        String explicit = env.get("JPREFORK_CACHE_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jprefork");
    }

    /** Changes whenever jprefork's jar is rebuilt or replaced, so a stale library is never used. */
    private static String buildStamp() {
        try {
            Path jar = Path.of(JpreforkHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Long.toHexString(Files.getLastModifiedTime(jar).toMillis()) + "-" + Long.toHexString(Files.size(jar));
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * A directory holding jffi's native library under a stable name. jffi otherwise unpacks it
     * to a temporary file deleted at exit: a checkpoint would then map a file that the first
     * restored copy to exit deletes, and every later restore would fail.
     */
    public Path jffiLibraryDir() throws IOException {
        Path dir = cacheDir().resolve("native").resolve("jffi-" + buildStamp());
        Path lib = dir.resolve("libjffi-1.2.so");
        if (Files.isRegularFile(lib)) {
            return dir;
        }
        Files.createDirectories(dir);
        try (InputStream in = JpreforkHome.class.getClassLoader().getResourceAsStream(JFFI_LIB)) {
            if (in == null) {
                throw new IOException("jffi's native library " + JFFI_LIB + " is missing from jprefork's jar");
            }
            Path tmp = Files.createTempFile(dir, "libjffi", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }
}
