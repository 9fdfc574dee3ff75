package org.jprefork.manager;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketChannel;
import org.jprefork.internal.unix.UnixConnection;

/**
 * The threads that accept connections on the pool's socket, each serving the connection it
 * accepted: a caller is greeted by a thread that was already waiting for it, not by one started
 * for it (which, on a busy machine, first waited to be scheduled). At least {@link #MIN_IDLE}
 * threads wait in accept(2), where the kernel wakes one per connection; a thread done with its
 * connection waits again, or ends when {@link #MAX_IDLE} already wait. Closing the listener
 * wakes and ends them all.
 */
final class Acceptors {
    private static final int MIN_IDLE = 2;
    private static final int MAX_IDLE = 4;

    private final UnixServerSocketChannel listener;
    private final Consumer<UnixConnection> handler;
    private final ErrorCounter errors;
    private final AtomicInteger idle = new AtomicInteger();

    Acceptors(UnixServerSocketChannel listener, Consumer<UnixConnection> handler, ErrorCounter errors) {
        this.listener = listener;
        this.handler = handler;
        this.errors = errors;
    }

    void start() {
        for (int i = 0; i < MIN_IDLE; i++) {
            startThread();
        }
    }

    private void startThread() {
        Thread t = new Thread(this::serve, "connection");
        t.setDaemon(true);
        t.start();
    }

    private void serve() {
        while (true) {
            idle.incrementAndGet();
            UnixSocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                idle.decrementAndGet();
                if (!listener.isOpen()) {
                    return;
                }
                errors.record("accept failed", e);
                continue;
            }
            if (idle.decrementAndGet() < MIN_IDLE) {
                startThread(); // a burst of calls: the pool of waiting threads grows
            }
            if (channel != null) {
                handler.accept(UnixConnection.of(channel));
            }
            if (idle.get() >= MAX_IDLE) {
                return;
            }
        }
    }
}
