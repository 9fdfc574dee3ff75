package org.jprefork.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the program asked of its pool at {@code initialisationComplete}: the CHECKPOINT_READY
 * payload. Payload: u32 maxServers, u32 spares, u32 maxErrors, bytes(idleTimeout millis as
 * decimal, negative = never), u32 autoreloadClasspath (0/1), string logFacility,
 * list(autoreload paths, UTF-8), list(rebuild paths, UTF-8).
 *
 * <p>A change to an autoreload path makes the checkpoint stale: later calls do not use it. A
 * rebuild path (a tool's training list) asks for a better template when it appears or changes,
 * built in the background while the checkpoint that exists goes on serving calls.
 */
public record PoolOptions(int maxServers, Duration idleTimeout, boolean autoreloadClasspath,
                          List<String> autoreloadPaths, int maxErrors, String logFacility, int spares,
                          List<String> rebuildPaths) {

    public static final int DEFAULT_MAX_SERVERS = 4;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(1_000_000);
    public static final int DEFAULT_MAX_ERRORS = 100;
    public static final String DEFAULT_LOG_FACILITY = "user";
    public static final int DEFAULT_SPARES = 1;

    public PoolOptions {
        autoreloadPaths = List.copyOf(autoreloadPaths);
        rebuildPaths = List.copyOf(rebuildPaths);
    }

    public static PoolOptions defaults() {
        return new PoolOptions(DEFAULT_MAX_SERVERS, DEFAULT_IDLE_TIMEOUT, true, List.of(),
                DEFAULT_MAX_ERRORS, DEFAULT_LOG_FACILITY, DEFAULT_SPARES, List.of());
    }

    public boolean unlimitedServers() {
        return maxServers < 0;
    }

    public boolean neverIdle() {
        return idleTimeout.isNegative();
    }

    public Frame toFrame() {
        return new Frame(MessageType.CHECKPOINT_READY, new Wire.Writer()
                .u32(maxServers).u32(spares).u32(maxErrors)
                .string(Long.toString(idleTimeout.toMillis()))
                .u32(autoreloadClasspath ? 1 : 0)
                .string(logFacility)
                .list(utf8(autoreloadPaths))
                .list(utf8(rebuildPaths))
                .toByteArray());
    }

    private static List<byte[]> utf8(List<String> paths) {
        List<byte[]> out = new ArrayList<>();
        paths.forEach(p -> out.add(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> strings(List<byte[]> paths) {
        List<String> out = new ArrayList<>();
        paths.forEach(p -> out.add(new String(p, java.nio.charset.StandardCharsets.UTF_8)));
        return out;
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
        List<String> paths = strings(in.list());
        List<String> rebuild = strings(in.list());
        in.end();
        return new PoolOptions(maxServers, idle, classpath, paths, maxErrors, facility, spares, rebuild);
    }
}
