package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.LogHint;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.ProtocolVersion;
import org.jprefork.protocol.RunLocal;
import org.jprefork.protocol.RunPlain;
import org.jprefork.protocol.Status;
import org.jprefork.rundir.RunDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native client against a fake pool manager on the real socket path: what it sends, and how
 * it turns each reply into its exit. Where it hands over to the Java launcher, a stand-in script
 * (JPREFORK_JAVA_LAUNCHER) prints its arguments and exits 42.
 */
class NativeClientCallTest {
    private static final List<String> ARGV = List.of("-U,java", "Prog.java", "arg 1", "ärg2", "");
    private static final byte[] HELLO = Greeting.frame(ProtocolVersion.CURRENT).encode();

    @TempDir
    Path tmp;
    private Map<String, String> env;
    private Path socket;
    private String ident;

    @BeforeEach
    void setUp() throws Exception {
        NativeClient.require();
        Path launcher = tmp.resolve("java-launcher");
        Files.writeString(launcher, "#!/bin/sh\nprintf 'JAVA-LAUNCHER'\nfor a in \"$@\"; do printf ' [%s]' \"$a\"; done\n"
                + "echo\nexit 42\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv().getOrDefault("PATH", ""));
        env.put("JPREFORK_RUN_DIR", tmp.resolve("run").toString());
        env.put("JPREFORK_JAVA_LAUNCHER", launcher.toString());
        env.put("JPF_VALUE", "a=b c");
        RunDir runDir = RunDir.locate(env);
        ident = new ProgramSpec("java", org.jprefork.protocol.JavaCommandLine.parse(ARGV.subList(1, ARGV.size())),
                List.of(), null, null).ident(env, tmp);
        socket = runDir.socket(ident);
    }

    @Test
    void sendsTheCallAndExitsWithTheProgramsCode() throws Exception {
        CompletableFuture<CallRequest> seen = new CompletableFuture<>();
        NativeClient.Result r = callWith(call -> {
            seen.complete(call);
            return Status.exited(7).toFrame().encode();
        });
        assertEquals(7, r.exit(), r.err());
        assertEquals("", r.out() + r.err());
        CallRequest call = seen.get();
        assertEquals(List.of("arg 1", "ärg2", ""), List.of(call.argStrings(StandardCharsets.UTF_8)));
        assertEquals(env, call.envMap(StandardCharsets.UTF_8));
        assertEquals(tmp.toRealPath().toString(), call.cwdString(StandardCharsets.UTF_8));
    }

    @Test
    void diesOfTheProgramsSignal() throws Exception {
        assertEquals(128 + 15, callWith(call -> Status.signalled(15).toFrame().encode()).exit());
        assertEquals(128 + 9, callWith(call -> Status.signalled(9).toFrame().encode()).exit());
        NativeClient.Result segv = callWith(call -> Status.signalled(11).toFrame().encode());
        assertEquals(127, segv.exit());
        assertEquals("jprefork: program killed by signal 11\n", segv.err());
    }

    @Test
    void reportsAnError() throws Exception {
        NativeClient.Result r = callWith(call -> new Failure(121, "jprefork: the agent failed").toFrame().encode());
        assertEquals(121, r.exit());
        assertEquals("jprefork: the agent failed (" + LogHint.forIdent(ident) + ")\n", r.err());
    }

    @Test
    void handsRunPlainToTheJavaLauncher() throws Exception {
        NativeClient.Result r = callWith(call -> new RunPlain("no checkpoint").toFrame().encode());
        assertEquals(42, r.exit(), r.err());
        assertEquals("JAVA-LAUNCHER [-U,java] [Prog.java] [arg 1] [ärg2] []\n", r.out());
    }

    @Test
    void saysSoWhenTheManagerDiesDuringTheCall() throws Exception {
        for (byte[] reply : List.of(new byte[0], new byte[] {3, 0, 0}, new byte[] {3, 0, 0, 0, 2, 0, 0},
                new byte[] {0x7f, 0, 0, 0, 0})) {
            NativeClient.Result r = callWith(call -> reply);
            assertEquals(120, r.exit());
            assertEquals("jprefork: the pool manager closed the connection during the call; "
                    + LogHint.forIdent(ident) + "\n", r.err());
        }
    }

    @Test
    void refusesAnotherProtocolVersion() throws Exception {
        NativeClient.Result r = serve(new byte[] {1, 0, 0, 0, 6, 'J', 'P', 'F', 'K', 0, 1}, null);
        assertEquals(120, r.exit());
        assertTrue(r.err().startsWith("jprefork: pool manager speaks protocol 1, this client speaks 2;"), r.err());
    }

    @Test
    void sendsItsHelloAndCallWithoutWaitingForTheGreeting() throws Exception {
        // This manager writes its HELLO only once it has the call: a client that waited for the
        // HELLO first would wait for ever (the stand-in's 30 s and the client's timeout fail it).
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<CallRequest> seen = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    DataInputStream in = new DataInputStream(Channels.newInputStream(c));
                    assertEquals(ProtocolVersion.CURRENT, Greeting.parse(Frame.readFrom(in)));
                    CallRequest call = CallRequest.fromFrame(Frame.readFrom(in));
                    OutputStream out = Channels.newOutputStream(c);
                    out.write(HELLO);
                    out.write(Status.exited(3).toFrame().encode());
                    return call;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            NativeClient.Result r = NativeClient.run(ARGV, env, tmp);
            assertEquals(List.of("arg 1", "ärg2", ""), List.of(seen.get(30, TimeUnit.SECONDS)
                    .argStrings(StandardCharsets.UTF_8)));
            assertEquals(3, r.exit(), r.err());
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void runsTheCommandTheManagerGivesWithItsArguments() throws Exception {
        NativeClient.Result r = callWith(call -> new RunLocal(List.of("/bin/echo", "LOCAL"),
                "jprefork: a note for the caller").toFrame().encode());
        assertEquals(0, r.exit(), r.err());
        assertEquals("LOCAL arg 1 ärg2 \n", r.out());
        assertEquals("jprefork: a note for the caller\n", r.err());
        NativeClient.Result quiet = callWith(call -> new RunLocal(List.of("/bin/sh", "-c", "exit 5"), "")
                .toFrame().encode());
        assertEquals(5, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
    }

    @Test
    void withoutAPoolRunsTheProgramItselfAndJavaAnswersForAMissingFile() throws Exception {
        // Prog.java does not exist: plain java's own answer, and no pool (nothing is started).
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process plain = new ProcessBuilder(java, "Prog.java", "arg 1").directory(tmp.toFile()).start();
        String plainErr = new String(plain.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
        NativeClient.Result noSocket = NativeClient.run(ARGV, env, tmp);
        assertEquals(plain.exitValue(), noSocket.exit(), noSocket.err());
        assertEquals(plainErr, noSocket.err());
        NativeClient.Result exiting = serve(new byte[0], null); // closed before HELLO: idle timeout
        assertEquals(plain.exitValue(), exiting.exit(), exiting.err());
        assertEquals(plainErr, exiting.err());
        try (var files = Files.list(tmp.resolve("run"))) {
            assertEquals(List.of(), files.filter(p -> !p.getFileName().toString().endsWith(".lock")).toList());
        }
    }

    @Test
    void handsABadGreetingToTheJavaLauncher() throws Exception {
        NativeClient.Result notJprefork = serve("HTTP/1.1 400\r\n\r\n".getBytes(StandardCharsets.US_ASCII), null);
        assertEquals(42, notJprefork.exit(), notJprefork.err());
        assertEquals("JAVA-LAUNCHER [-U,java] [Prog.java] [arg 1] [ärg2] []\n", notJprefork.out());
    }

    /** Serves one connection: HELLO, then reads the CALL and answers with reply(call). */
    private NativeClient.Result callWith(Function<CallRequest, byte[]> reply) throws Exception {
        return serve(HELLO, reply);
    }

    private NativeClient.Result serve(byte[] greeting, Function<CallRequest, byte[]> reply) throws Exception {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<Void> manager = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    OutputStream out = Channels.newOutputStream(c);
                    out.write(greeting);
                    if (reply != null) {
                        DataInputStream in = new DataInputStream(Channels.newInputStream(c));
                        assertEquals(ProtocolVersion.CURRENT, Greeting.parse(Frame.readFrom(in)));
                        // The descriptors that came with the type byte are dropped by this plain read.
                        Frame call = Frame.readFrom(in);
                        out.write(reply.apply(CallRequest.fromFrame(call)));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            NativeClient.Result r = NativeClient.run(ARGV, env, tmp);
            manager.get(30, TimeUnit.SECONDS);
            return r;
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
