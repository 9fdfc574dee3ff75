package org.jprefork.manager;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jprefork.internal.unix.UnixConnection;

/**
 * Matches COPY_READY connections to the copies that were started, by the peer's pid (SO_PEERCRED
 * reports it as this process sees it). Either side may come first.
 */
final class ReadyRegistry {
    private final Map<Long, CompletableFuture<UnixConnection>> byPid = new ConcurrentHashMap<>();

    CompletableFuture<UnixConnection> futureFor(long pid) {
        return byPid.computeIfAbsent(pid, p -> new CompletableFuture<>());
    }

    void ready(long pid, UnixConnection connection) {
        if (!futureFor(pid).complete(connection)) {
            try {
                connection.close(); // a second COPY_READY from the same pid: nobody will use it
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
    }

    void forget(long pid) {
        byPid.remove(pid);
    }
}
