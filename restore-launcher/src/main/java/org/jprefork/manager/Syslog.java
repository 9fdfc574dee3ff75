package org.jprefork.manager;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.jprefork.protocol.SyslogFacility;

/**
 * Sends the pool manager's errors to syslog through its socket, /dev/log, framed as syslog(3)
 * does (RFC 3164: {@code <PRI>Mmm dd hh:mm:ss jprefork[PID]: PROGRAM: MESSAGE}, PRI being the
 * facility times 8 plus 3, "error"), with the facility the program chose; "" sends nothing. A
 * machine without a syslog daemon simply does not get them: the per-pool log file still has
 * everything.
 */
final class Syslog {
    /** Environment variable naming another socket than /dev/log: for tests. */
    static final String SOCKET_ENV = "JPREFORK_SYSLOG_SOCKET";
    private static final int LOG_ERR = 3;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final Path socket;

    Syslog(Path socket) {
        this.socket = socket;
    }

    /** The system's syslog socket, or the one {@link #SOCKET_ENV} names. */
    static Syslog fromEnvironment() {
        String s = System.getenv(SOCKET_ENV);
        return new Syslog(Path.of(s == null || s.isEmpty() ? "/dev/log" : s));
    }

    /** Sends one error line about {@code program}; never throws. */
    void error(String facilityName, String program, String message) {
        if (facilityName.isEmpty() || !Files.exists(socket)) {
            return;
        }
        try (UnixDatagramChannel ch = UnixDatagramChannel.open()) {
            byte[] line = line(SyslogFacility.code(facilityName), LocalDateTime.now(), ProcessHandle.current().pid(),
                    program, message).getBytes(StandardCharsets.UTF_8);
            ch.send(ByteBuffer.wrap(line), new UnixSocketAddress(socket.toFile()));
        } catch (IOException | RuntimeException e) {
            // syslog is a courtesy; the log file has the message
        }
    }

    /** The datagram's text. */
    static String line(int facility, LocalDateTime time, long pid, String program, String message) {
        return "<" + (facility * 8 + LOG_ERR) + ">" + TIME.format(time) + " jprefork[" + pid + "]: "
                + (program.isEmpty() ? "" : program + ": ") + message;
    }
}
