package org.jprefork.manager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.jprefork.protocol.SyslogFacility;

/**
 * Sends the pool manager's errors to syslog through /dev/log (RFC 3164 framing, as syslog(3)
 * does), with the facility the program chose; "" sends nothing. A machine without a syslog
 * daemon simply does not get them: the per-pool log file still has everything.
 */
final class Syslog {
    private static final Path DEV_LOG = Path.of("/dev/log");
    private static final int LOG_ERR = 3;
    private Syslog() {
    }

    /** Sends one error line; never throws. */
    static void error(String facilityName, String tag, String message) {
        if (facilityName.isEmpty() || !Files.exists(DEV_LOG)) {
            return;
        }
        try (UnixDatagramChannel ch = UnixDatagramChannel.open()) {
            int pri = SyslogFacility.code(facilityName) * 8 + LOG_ERR;
            String line = "<" + pri + ">" + tag + "[" + ProcessHandle.current().pid() + "]: " + message;
            ch.send(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), new UnixSocketAddress(DEV_LOG.toFile()));
        } catch (IOException | RuntimeException e) {
            // syslog is a courtesy; the log file has the message
        }
    }
}
