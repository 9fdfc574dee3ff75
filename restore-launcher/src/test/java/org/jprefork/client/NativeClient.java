package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The native client that the build compiles into target/native (see restore-launcher/pom.xml). */
final class NativeClient {
    static final Path BINARY = Path.of("target/native/jprefork").toAbsolutePath();
    private static final long TIMEOUT_S = 60;

    private NativeClient() {
    }

    /**
     * The binary; skips the calling test when it was not built (no C compiler), or fails it when
     * JPREFORK_REQUIRE_NATIVE=1.
     */
    static Path require() {
        if (!Files.isExecutable(BINARY)) {
            String reason = BINARY + " was not built (no C compiler when restore-launcher was compiled?)";
            if ("1".equals(System.getenv("JPREFORK_REQUIRE_NATIVE"))) {
                fail(reason + "; JPREFORK_REQUIRE_NATIVE=1 requires it");
            }
            Assumptions.abort(reason);
        }
        return BINARY;
    }

    record Result(int exit, String out, String err) {
    }

    /** Runs the native client with exactly this environment, in cwd, stdin from /dev/null. */
    static Result run(List<String> args, Map<String, String> env, Path cwd) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the native client did not finish in " + TIMEOUT_S + " s: " + cmd);
        }
        return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
