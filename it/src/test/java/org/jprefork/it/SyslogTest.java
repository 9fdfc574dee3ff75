package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Server-side errors go to syslog with the program's facility, or nowhere for "": a datagram
 * socket stands in for /dev/log (JPREFORK_SYSLOG_SOCKET, read by the pool manager).
 */
@RequiresCriu
class SyslogTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aServerSideErrorIsSentWithTheProgramsFacilityAndNotForTheEmptyOne() throws Exception {
        Path devLog = ws.root.resolve("dev-log");
        try (UnixDatagramChannel syslog = UnixDatagramChannel.open().bind(new UnixSocketAddress(devLog.toFile()))) {
            Jprefork local3 = ws.jprefork().env("JPREFORK_SYSLOG_SOCKET", devLog.toString()).env("LOG_FACILITY", "local3");
            Jprefork none = ws.jprefork().env("JPREFORK_SYSLOG_SOCKET", devLog.toString()).env("LOG_FACILITY", "");
            assertEquals("hello a\n", local3.run("-U", "-G", "local3", "java", "Echo.java", "a").out());
            ws.awaitImage(); // the facility comes with the checkpoint, built after the call
            Path local3Socket = newestSocket(List.of());
            assertEquals("hello b\n", none.run("-U", "-G", "none", "java", "Echo.java", "b").out());
            ws.awaitStatus(2, "state=image");
            Path noneSocket = newestSocket(List.of(local3Socket));

            // The pool without a facility fails first; its error is logged but sent nowhere, so
            // the first datagram to arrive is the other pool's (a datagram socket keeps order).
            sendGarbage(noneSocket);
            Path noneLog = Path.of(noneSocket.toString().replaceFirst("\\.s$", ".log"));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> Files.readString(noneLog).contains("ERROR bad connection"));
            sendGarbage(local3Socket);
            String got = receive(syslog);
            long manager = Long.parseLong(Files.readString(Path.of(local3Socket.toString().replaceFirst("\\.s$", ".pid"))).trim());
            // local3 is facility 19: priority 19 * 8 + 3 (error).
            assertTrue(got.matches("<155>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d jprefork\\[" + manager
                    + "]: Echo\\.java: bad connection: .*"), got);
        }
    }

    /** A frame of a type no one knows: the manager counts it as an error of the connection. */
    private static void sendGarbage(Path socket) throws Exception {
        try (UnixSocketChannel c = UnixSocketChannel.open(new UnixSocketAddress(socket.toFile()))) {
            c.write(ByteBuffer.wrap(new byte[] {0x7e, 0, 0, 0, 0}));
            c.shutdownOutput();
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (c.read(sink) >= 0) { // until the manager closes it
                sink.clear();
            }
        } catch (java.io.IOException e) {
            // reset by the manager closing it unread: as expected
        }
    }

    private static String receive(UnixDatagramChannel syslog) throws Exception {
        CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(8192);
                syslog.receive(b);
                return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return got.get(30, TimeUnit.SECONDS);
    }

    private Path newestSocket(List<Path> except) throws Exception {
        try (var files = Files.list(ws.runDir)) {
            return files.filter(p -> p.toString().endsWith(".s") && !except.contains(p)).findFirst().orElseThrow();
        }
    }
}
