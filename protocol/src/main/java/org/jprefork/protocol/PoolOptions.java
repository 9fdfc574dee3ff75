package org.jprefork.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the program asked of its pool at {@code initialisationComplete}: the CHECKPOINT_READY
 * payload. Payload: u32 maxServers, u32 spares, u32 maxErrors, bytes(idleTimeout millis as
 * decimal, negative = never), u32 autoreloadClasspath (0/1), string logFacility,
 * list(autoreload paths, UTF-8).
 */
public record PoolOptions(int maxServers, Duration idleTimeout, boolean autoreloadClasspath,
                          List<String> autoreloadPaths, int maxErrors, String logFacility, int spares) {

    public static final int DEFAULT_MAX_SERVERS = 4;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(1_000_000);
    public static final int DEFAULT_MAX_ERRORS = 100;
    public static final String DEFAULT_LOG_FACILITY = "user";
    public static final int DEFAULT_SPARES = 1;

    public PoolOptions {
        autoreloadPaths = List.copyOf(autoreloadPaths);
    }

    public static PoolOptions defaults() {
        return new PoolOptions(DEFAULT_MAX_SERVERS, DEFAULT_IDLE_TIMEOUT, true, List.of(),
                DEFAULT_MAX_ERRORS, DEFAULT_LOG_FACILITY, DEFAULT_SPARES);
    }

    public boolean unlimitedServers() {
        return maxServers < 0;
    }

    public boolean neverIdle() {
        return idleTimeout.isNegative();
    }

    public Frame toFrame() {
        List<byte[]> paths = new ArrayList<>();
        autoreloadPaths.forEach(p -> paths.add(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new Frame(MessageType.CHECKPOINT_READY, new Wire.Writer()
                .u32(maxServers).u32(spares).u32(maxErrors)
                .string(Long.toString(idleTimeout.toMillis()))
                .u32(autoreloadClasspath ? 1 : 0)
                .string(logFacility)
                .list(paths)
                .toByteArray());
    }

    public static PoolOptions fromFrame(Frame frame) throws ProtocolException {
        if (frame.type() != MessageType.CHECKPOINT_READY) {
            throw new ProtocolException("expected CHECKPOINT_READY, got " + frame.type());
        }
        Wire.Reader in = new Wire.Reader(frame.payload(), "CHECKPOINT_READY");
        int maxServers = in.u32();
        int spares = in.u32();
        int maxErrors = in.u32();
        Duration idle;
        try {
            idle = Duration.ofMillis(Long.parseLong(in.string()));
        } catch (NumberFormatException e) {
            throw new ProtocolException("CHECKPOINT_READY has a malformed idle timeout");
        }
        boolean classpath = in.u32() != 0;
        String facility = in.string();
        List<String> paths = new ArrayList<>();
        for (byte[] p : in.list()) {
            paths.add(new String(p, java.nio.charset.StandardCharsets.UTF_8));
        }
        in.end();
        return new PoolOptions(maxServers, idle, classpath, paths, maxErrors, facility, spares);
    }
}
