package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syslog against a datagram socket standing in for /dev/log. */
class SyslogTest {
    @TempDir
    Path tmp;

    @Test
    void theLineIsRfc3164WithThePriorityOfAnErrorOfTheFacility() {
        LocalDateTime t = LocalDateTime.of(2026, 11, 7, 9, 5, 3);
        assertEquals("<155>Nov  7 09:05:03 jprefork[42]: x.java: restore failed",
                Syslog.line(19, t, 42, "x.java", "restore failed")); // local3 = 19: 19 * 8 + 3 (err)
        assertEquals("<11>Nov 17 09:05:03 jprefork[42]: early", Syslog.line(1, t.withDayOfMonth(17), 42, "", "early"));
    }

    @Test
    void anErrorReachesTheSocketWithItsFacilityAndNothingForTheEmptyOne() throws Exception {
        Path socket = tmp.resolve("log");
        try (UnixDatagramChannel log = UnixDatagramChannel.open().bind(new UnixSocketAddress(socket.toFile()))) {
            Syslog syslog = new Syslog(socket);
            syslog.error("", "x.java", "not sent");
            syslog.error("LOG_DAEMON", "x.java", "sent");
            log.configureBlocking(true);
            ByteBuffer b = ByteBuffer.allocate(4096);
            log.receive(b); // a unix datagram socket keeps order: the first is the second call's, "" sent nothing
            String got = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
            assertTrue(got.matches("<27>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d jprefork\\["
                    + ProcessHandle.current().pid() + "]: x\\.java: sent"), got); // daemon = 3
        }
    }
}
