package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input at the limits, through the native client and a warm pool: what plain java would make
 * of it, byte for byte; and peers on the pool's socket that send garbage or stop half way.
 */
@RequiresCriu
class HostileInputTest {
    private static final String[] NEXT = {"-U", "java", "Faults.java", "next"};
    @RegisterExtension
    static final Workspace ws = new Workspace();

    @BeforeAll
    static void warmPool() throws Exception {
        assertEquals("ok warm\n", ws.jprefork().run("-U", "java", "Faults.java", "warm").out());
        ws.awaitImage(); // that call ran the program itself: copies serve the calls here
    }

    @Test
    void tenThousandArguments() throws Exception {
        List<String> words = new ArrayList<>(List.of("-U", "java", "Faults.java", "count"));
        for (int i = 1; i < 10_000; i++) {
            words.add("a" + i);
        }
        Jprefork.Result r = ws.jprefork().run(words.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("args=10000 chars=" + (5 + charsOfNumbered(9_999)) + " last=a9999\n"), r.toString());
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    private static long charsOfNumbered(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            sum += 1 + Integer.toString(i).length();
        }
        return sum;
    }

    @Test
    void aMebibyteOfArgumentsAndEnvironment() throws Exception {
        // 8 arguments and 8 variables of 64 KiB: 1 MiB (one string may not exceed 128 KiB).
        String chunk = "x".repeat(64 * 1024);
        Jprefork j = ws.jprefork();
        long envChars = 0;
        for (int i = 0; i < 8; i++) {
            j.env("BIG" + i, chunk);
            envChars += ("BIG" + i).length() + chunk.length();
        }
        List<String> words = new ArrayList<>(List.of("-U", "java", "Faults.java", "count"));
        for (int i = 0; i < 8; i++) {
            words.add(chunk);
        }
        Jprefork.Result r = j.run(words.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("args=9 chars=" + (5 + 8L * chunk.length()) + " last=" + chunk, lines[0]);
        long seenEnv = Long.parseLong(lines[1].substring("env chars=".length()));
        assertTrue(seenEnv >= envChars, "the program saw " + seenEnv + " characters of environment, sent " + envChars);
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void nonUtf8ArgumentsArriveAsPlainJavaDecodesThem() throws Exception {
        String script = "\"$0\" -U java Faults.java codepoints \"$(printf 'a\\377\\376b')\" \"$(printf 'caf\\303\\251')\"";
        assertEquals(plainJava(script), viaShell(script));
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void nonUtf8EnvironmentValuesReachChildProcessesByteExact() throws Exception {
        String script = "BIN=\"$(printf 'a\\377\\001b')\" \"$0\" -U java Faults.java envchild BIN";
        assertEquals(" 61 ff 01 62\n", viaShell(script));
    }

    @Test
    void anEmptyEnvironment() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Only the run dir is set: without it the call would leave the test's private run dir.
        for (int i = 0; i < 2; i++) {
            Process p = new ProcessBuilder("env", "-i", "JPREFORK_RUN_DIR=" + ws.runDir, Jprefork.BIN.toString(),
                    "-U", java.toString(), "Faults.java", "envkeys").directory(ws.work.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), err);
            // Were the first call to go through the Java launcher's sh wrapper, it would add PWD.
            assertTrue(out.equals("[JPREFORK_RUN_DIR]\n") || (i == 0 && out.equals("[JPREFORK_RUN_DIR, PWD]\n")),
                    "call " + i + ": " + out + err);
        }
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void aDeletedWorkingDirectoryFailsAsPlainJavaDoes() throws Exception {
        String script = "mkdir gone && cd gone && rmdir ../gone && \"$0\" -U java ../Faults.java cwd; echo \"status $?\"";
        String plain = plainJava(script);
        assertTrue(plain.contains("Could not determine current working directory") && plain.endsWith("status 1\n"), plain);
        String viaJprefork = viaShell(script);
        assertTrue(viaJprefork.contains("Could not determine current working directory")
                && viaJprefork.endsWith("status 1\n"), viaJprefork);
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void aClosedStdinIsWhatPlainJavaGets() throws Exception {
        String script = "\"$0\" -U java Faults.java stdin <&-; echo \"status $?\"";
        assertEquals(plainJava(script), viaShell(script));
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void garbageAndHalfMessagesOnThePoolSocketAreLoggedAndSurvived() throws Exception {
        long manager = ws.managers().get(0);
        Path socket = socket();
        long fdsBefore = PoolHealth.fdCount(manager);
        byte[][] garbage = {
            "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            {0x02, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},  // a CALL of 2 GiB
            {0x02, 0, 0, 0, 100, 0, 0},                           // a CALL cut short, then closed
            {(byte) 0x99, 0, 0, 0, 0},                            // an unknown type
        };
        for (byte[] g : garbage) {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                ch.write(ByteBuffer.wrap(g));
                ch.shutdownOutput();
                InputStream in = java.nio.channels.Channels.newInputStream(ch);
                in.readAllBytes(); // the HELLO, then the manager's close
            } catch (java.net.SocketException e) {
                // reset: the manager closed with our bytes unread, as it should
            }
        }
        // A peer that stops half way and stays: the others are served meanwhile.
        try (SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stuck.connect(UnixDomainSocketAddress.of(socket));
            stuck.write(ByteBuffer.wrap(new byte[] {0x02, 0, 0, 1}));
            Jprefork.Result r = ws.jprefork().run(NEXT);
            assertEquals("ok next\n", r.out(), r.toString());
        }
        String log = Files.readString(socket.resolveSibling(socket.getFileName().toString().replace(".s", ".log")));
        assertTrue(log.contains("bad connection"), log);
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
        assertEquals(List.of(manager), ws.managers(), "the manager did not survive");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> PoolHealth.fdCount(manager) <= fdsBefore + 1);
    }

    @Test
    void aClientOfAnotherProtocolVersionIsRefusedBeforeItsCallIsRead() throws Exception {
        // A client sends its HELLO and its CALL at once (protocol 2). One of version 1's frames
        // is not read: the answer is about the version, not about the call (which, sent without
        // descriptors here, would get "a call must carry stdin, stdout and stderr").
        byte[] hello = {0x01, 0, 0, 0, 6, 'J', 'P', 'F', 'K', 0, 1};
        byte[] call = new CallRequest(List.of(), List.of(), new byte[] {'/'}).toFrame().encode();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket()))) {
            ch.write(ByteBuffer.wrap(hello));
            ch.write(ByteBuffer.wrap(call));
            java.io.DataInputStream in = new java.io.DataInputStream(java.nio.channels.Channels.newInputStream(ch));
            Greeting.parse(Frame.readFrom(in));
            Failure refused = Failure.fromFrame(Frame.readFrom(in));
            assertEquals(120, refused.exitCode());
            assertTrue(refused.message().contains("protocol version 1, this build speaks 2"), refused.message());
            // Linux resets a Unix connection closed with bytes unread: the CALL was never read.
            org.junit.jupiter.api.Assertions.assertThrows(java.net.SocketException.class, () -> Frame.readFrom(in));
        }
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void peersThatLeaveBeforeSayingAnythingAreNoErrorOfThePool() throws Exception {
        // As a client that only checks that a pool answers (before it builds one) does: connect,
        // close at once, the greeting unread or not yet written. The manager's errors count
        // towards max_errors; these must not.
        Path socket = socket();
        Path log = socket.resolveSibling(socket.getFileName().toString().replace(".s", ".log"));
        long manager = ws.managers().get(0);
        long fdsBefore = PoolHealth.fdCount(manager);
        long errorsBefore = errorLines(log);
        for (int i = 0; i < 20; i++) {
            SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
        }
        // Every one handled: the manager has closed its end of each.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> PoolHealth.fdCount(manager) <= fdsBefore);
        assertEquals(errorsBefore, errorLines(log), Files.readString(log));
        Jprefork.Result r = ws.jprefork().run(NEXT);
        assertEquals("ok next\n", r.out(), r.toString());
    }

    private static long errorLines(Path log) throws Exception {
        return Files.readString(log).lines().filter(l -> l.contains(" ERROR ")).count();
    }

    private static Path socket() throws Exception {
        try (Stream<Path> files = Files.list(ws.runDir)) {
            return files.filter(p -> p.toString().endsWith(".s")).findFirst().orElseThrow();
        }
    }

    /** Runs a sh script with $0 = bin/jprefork in the workspace; returns stdout and stderr. */
    private static String viaShell(String script) throws Exception {
        return sh(script, Jprefork.BIN.toString());
    }

    /** The same script with $0 = a plain java that has the agent on its class path. */
    private static String plainJava(String script) throws Exception {
        Path plain = ws.root.resolve("plain-java");
        if (!Files.exists(plain)) {
            Files.writeString(plain, "#!/bin/sh\n# jprefork's words, run by plain java\nshift; shift\nexec "
                    + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + Jprefork.agentJar() + " \"$@\"\n");
            plain.toFile().setExecutable(true);
        }
        return sh(script, plain.toString());
    }

    private static String sh(String script, String zero) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script, zero).directory(ws.work.toFile()).redirectErrorStream(true);
        pb.environment().put("JPREFORK_RUN_DIR", ws.runDir.toString());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("from stdin\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), script + " hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
