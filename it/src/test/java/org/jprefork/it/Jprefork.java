package org.jprefork.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/jprefork} of this checkout, as a user would, with a private run dir. */
final class Jprefork {
    static final Path REPO = Path.of(System.getProperty("jprefork.repo", "..")).toAbsolutePath().normalize();
    static final Path BIN = REPO.resolve("bin/jprefork");

    /** The built checkpoint-agent jar (not its sources jar). */
    static Path agentJar() throws IOException {
        try (var files = java.nio.file.Files.list(REPO.resolve("checkpoint-agent/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("checkpoint-agent-[0-9].*\\.jar")
                    && !p.getFileName().toString().endsWith("-sources.jar")).findFirst().orElseThrow();
        }
    }
    private static final long TIMEOUT_S = 90;

    private final Path runDir;
    private final Map<String, String> env = new HashMap<>();
    private Path cwd;
    private byte[] stdin = new byte[0];
    private boolean stdinNull;

    Jprefork(Path runDir, Path cwd) {
        this.runDir = runDir;
        this.cwd = cwd;
        for (String name : List.of("PATH", "HOME", "JPREFORK_CRIU", "JPREFORK_CACHE_DIR", "LANG")) {
            String v = System.getenv(name);
            if (v != null) {
                env.put(name, v);
            }
        }
        env.put("JPREFORK_RUN_DIR", runDir.toString());
    }

    /** Sets (or, with null, removes) an environment variable of the command. */
    Jprefork env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Jprefork in(Path dir) {
        cwd = dir;
        return this;
    }

    Jprefork stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The command's stdin is /dev/null (not a pipe). */
    Jprefork stdinDevNull() {
        stdinNull = true;
        return this;
    }

    Path runDir() {
        return runDir;
    }

    /** Starts jprefork with these words; the caller decides when to wait. */
    Process start(String... words) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(words));
        return startCommand(cmd);
    }

    /** Starts jprefork through a given client (a path relative to the checkout: bin/jprefork-java). */
    Process startWith(String client, String... words) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve(client).toString());
        cmd.addAll(List.of(words));
        return startCommand(cmd);
    }

    /** Runs an executable program (a #! script) directly, in this run's environment. */
    Result runProgram(String... command) throws Exception {
        return finish(startCommand(List.of(command)), command);
    }

    private Process startCommand(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        if (stdinNull) {
            pb.redirectInput(new java.io.File("/dev/null"));
        }
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs jprefork with these words to completion (bounded). */
    Result run(String... words) throws Exception {
        return finish(start(words), words);
    }

    private Result finish(Process p, String... words) throws Exception {
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the program did not read its stdin: fine
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jprefork " + String.join(" ", words) + " did not finish in " + TIMEOUT_S + " s");
        }
        return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** What a run left: exit status, stdout, stderr. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
