package org.jprefork.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a criu that can run here: version 4 or later, and {@code criu check} passes. The verdict
 * is cached in the run dir, keyed by the binary and the boot, because {@code criu check} takes
 * a noticeable fraction of a second.
 */
public final class CriuLocator {
    private static final Pattern VERSION = Pattern.compile("Version: (\\d+)\\.(\\d+)");

    /** A usable criu, or why there is none. */
    public record Verdict(Path criu, String reason) {
        public boolean usable() {
            return criu != null;
        }
    }

    private CriuLocator() {
    }

    public static Verdict find(List<Path> candidates, Path cacheFile) {
        String problems = "";
        for (Path candidate : candidates) {
            if (!Files.isExecutable(candidate)) {
                continue;
            }
            String key;
            try {
                key = candidate.toRealPath() + " " + Files.getLastModifiedTime(candidate).toMillis() + " "
                        + Files.size(candidate) + " " + bootId() + " uid=" + uid();
            } catch (IOException e) {
                continue;
            }
            String cached = readCache(cacheFile);
            if (cached != null && cached.startsWith(key + "\n")) {
                String result = cached.substring(key.length() + 1).trim();
                if (result.equals("ok")) {
                    return new Verdict(candidate, null);
                }
                problems = result;
                continue;
            }
            String problem = check(candidate);
            writeCache(cacheFile, key + "\n" + (problem == null ? "ok" : problem) + "\n");
            if (problem == null) {
                return new Verdict(candidate, null);
            }
            problems = problem;
        }
        return new Verdict(null, problems.isEmpty()
                ? "no criu found (run scripts/provision-criu, or set JPREFORK_CRIU)" : problems);
    }

    /** Null when usable, else a one-line reason. */
    static String check(Path criu) {
        try {
            String version = run(List.of(criu.toString(), "--version"));
            Matcher m = VERSION.matcher(version);
            if (!m.find()) {
                return criu + " --version printed no version";
            }
            if (Integer.parseInt(m.group(1)) < 4) {
                return criu + " is version " + m.group(1) + "." + m.group(2) + "; jprefork needs 4.0 or later";
            }
            Process p = new ProcessBuilder(criu.toString(), "check")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return criu + " check did not finish in 60 s";
            }
            if (p.exitValue() != 0) {
                String last = out.lines().filter(l -> !l.contains("RLIMIT_NOFILE")).reduce((a, b) -> b).orElse("");
                return criu + " check failed" + (uid() != 0 ? " (not root: CRIU needs root or CAP_CHECKPOINT_RESTORE)" : "")
                        + ": " + last.trim();
            }
            return null;
        } catch (IOException e) {
            return criu + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking " + criu;
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    static String bootId() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readCache(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeCache(Path file, String content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "criu-check", ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // A cache that cannot be written only costs the next call another check.
        }
    }
}
