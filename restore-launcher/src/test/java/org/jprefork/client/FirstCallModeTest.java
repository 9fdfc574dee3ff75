package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jprefork.internal.FirstCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's first-call mode (a call that runs the program itself while no checkpoint exists):
 * initialisationComplete returns in place, what the program wrote on stdout before it goes to
 * stderr, and the marker file appears; a program that ends (or reads its stdin) first keeps its
 * stdout on stdout, in order.
 */
class FirstCallModeTest {
    @TempDir
    Path dir;

    /** The built checkpoint-agent jar (its module is packaged before this one is tested). */
    static Path agentJar() throws IOException {
        try (var files = Files.list(Path.of("../checkpoint-agent/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("checkpoint-agent-[0-9].*\\.jar")
                    && !p.getFileName().toString().endsWith("-sources.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("checkpoint-agent is not built")).toAbsolutePath();
        }
    }

    private static final String PROGRAM = """
            public class P {
                public static void main(String[] args) throws Exception {
                    String mode = args[0];
                    System.out.println("init out");
                    System.err.println("init err");
                    if (mode.equals("exit")) {
                        System.out.print("usage");
                        System.out.println(": P call|exit|prompt");
                        System.exit(2);
                    }
                    if (mode.equals("prompt")) {
                        System.out.print("name? ");
                        System.out.flush();
                        String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                        System.out.println("hello " + line);
                        return;
                    }
                    org.jprefork.crac.Core.getGlobalContext().register(new org.jprefork.crac.Resource() {
                        public void beforeCheckpoint(org.jprefork.crac.Context<? extends org.jprefork.crac.Resource> c) {
                            System.out.println("before");
                        }
                        public void afterRestore(org.jprefork.crac.Context<? extends org.jprefork.crac.Resource> c) {
                            System.out.println("after");
                        }
                    });
                    org.jprefork.Prefork.Invocation call = org.jprefork.Prefork.initialisationComplete();
                    System.out.println("call " + String.join(" ", call.args()));
                    System.err.println("call err");
                }
            }
            """;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String marker, String stdin, String... args) throws Exception {
        Path src = dir.resolve("P.java");
        Files.writeString(src, PROGRAM);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + agentJar() + "=" + FirstCall.agentArgs(marker), "-cp", agentJar().toString(),
                src.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program hung");
        return new Run(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void reachingTheCallPutsWhatCameBeforeOnStderrAndLeavesTheMarker() throws Exception {
        Path marker = dir.resolve("reached");
        Run r = run(marker.toString(), "", "call", "a b");
        assertEquals(0, r.exit(), r.toString());
        // The resources hear both notifications, in place: their output is initialisation's.
        assertEquals("call call a b\n", r.out(), r.toString());
        assertEquals("init err\ninit out\nbefore\nafter\ncall err\n", r.err(), r.toString());
        assertTrue(Files.exists(marker), "no marker");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(marker)));
    }

    @Test
    void aProgramThatEndsFirstKeepsItsStdoutOnStdout() throws Exception {
        Path marker = dir.resolve("reached");
        Run r = run(marker.toString(), "", "exit");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("init out\nusage: P call|exit|prompt\n", r.out(), r.toString());
        assertEquals("init err\n", r.err(), r.toString());
        assertFalse(Files.exists(marker), "marked as reached");
    }

    @Test
    void aProgramThatReadsItsStdinShowsWhatItWroteFirst() throws Exception {
        Run r = run(null, "world\n", "prompt");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("init out\nname? hello world\n", r.out(), r.toString());
    }
}
