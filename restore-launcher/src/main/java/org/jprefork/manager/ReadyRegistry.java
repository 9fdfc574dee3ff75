package org.jprefork.manager;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jprefork.internal.unix.UnixConnection;

/**
 * Matches COPY_READY connections to the copies that were started: by the peer's PID (SO_PEERCRED
 * reports it as this process sees it), or by the token the copy was started with. Either side
 * may come first.
 */
final class ReadyRegistry {
    /** A copy that reported ready: its connection, and its PID as this process sees it. */
    record Ready(UnixConnection connection, long pid) {
    }

    private final Map<String, CompletableFuture<Ready>> byKey = new ConcurrentHashMap<>();

    static String key(long pid, String token) {
        return token != null ? "token:" + token : "pid:" + pid;
    }

    CompletableFuture<Ready> futureFor(String key) {
        return byKey.computeIfAbsent(key, p -> new CompletableFuture<>());
    }

    void ready(String key, Ready ready) {
        if (!futureFor(key).complete(ready)) {
            try {
                ready.connection().close(); // a second COPY_READY under one key: nobody will use it
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
    }

    void forget(String key) {
        byKey.remove(key);
    }
}
