package org.jprefork.manager;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jnr.unixsocket.UnixServerSocketChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.jprefork.engine.CriuEngine;
import org.jprefork.engine.Engine;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.JavaCommandLine;

/**
 * One pool manager per ident: accepts connections on the pool's socket, and exits on the idle
 * timeout, on max_errors, or on SIGTERM (jprefork --kill / -f), removing its socket and images.
 */
final class PoolManager {
    private final Path socket;
    private final Path poolDir;
    private final Path pidFile;
    private final Pool pool;
    private final ConcurrencyLimit limit = new ConcurrencyLimit(org.jprefork.protocol.PoolOptions.DEFAULT_MAX_SERVERS);
    private final ActivityTracker activity = new ActivityTracker();
    private final ErrorCounter errors;
    private final ConnectionHandler handler;
    private volatile UnixServerSocketChannel listener;
    private volatile Object socketKey;
    private final StatusFile status;
    private final TemplateSpec spec;

    PoolManager(Path socket, Path poolDir, Path pidFile, TemplateSpec spec, Engine engine) {
        this.socket = socket;
        this.poolDir = poolDir;
        this.pidFile = pidFile;
        this.status = new StatusFile(socket);
        this.spec = spec;
        this.errors = new ErrorCounter(() -> pool().options().maxErrors(), () -> shutdown("too many errors", 1));
        this.pool = new Pool(spec, socket, poolDir, engine, programFiles(spec.command()), errors, limit, activity);
        PoolNote note = new PoolNote(System.getProperty(ManagerMain.NOTE_PROPERTY), socket.getParent());
        this.handler = new ConnectionHandler(pool, new CallSession(pool, limit, activity, note), errors, uid());
    }

    private Pool pool() {
        return pool;
    }

    void run() {
        Leftovers.sweep(socket, poolDir.getParent(), ProcessHandle.current().pid());
        try {
            Files.createDirectories(poolDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(socket);
            listener = UnixServerSocketChannel.open();
            // The socket is born private; the umask is put back at once, because every template
            // (and so every copy) inherits it and must create files as the caller expects.
            int umask = Posix.get().umask(0077);
            try {
                listener.socket().bind(new UnixSocketAddress(socket.toFile()));
            } finally {
                Posix.get().umask(umask);
            }
            socketKey = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Files.deleteIfExists(pidFile);
            Files.writeString(Files.createFile(pidFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            System.err.println("jprefork manager: cannot listen on " + socket + ": " + e.getMessage());
            System.exit(1);
        }
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> shutdown("asked to stop (SIGTERM)", 0));
        ManagerLog.info("pool manager " + ProcessHandle.current().pid() + " (engine " + pool.engineName()
                + ") listening on " + socket);
        announceReady();
        PreClean.start(socket);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idle-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkIdle, 100, 100, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
        new Acceptors(listener, handler::handle, errors).start();
        // Until a shutdown (which closes the listener, cleans up and halts the JVM): returning
        // from main would let the JVM exit, all other threads being daemons.
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting for the halt
            }
        }
    }

    private void checkIdle() {
        var idle = pool.options().idleTimeout();
        if (!idle.isNegative() && activity.idleNanos() > idle.toNanos()) {
            shutdown("idle for " + idle.toSeconds() + " s", 0);
        }
    }

    private void writeStatus() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("ident", status.ident());
        m.put("program", spec.java() + " " + String.join(" ", spec.command().programWords()));
        m.put("engine", pool.engineName());
        m.put("manager_pid", Long.toString(ProcessHandle.current().pid()));
        m.put("calls_running", Integer.toString(activity.running()));
        m.put("calls_served", Long.toString(activity.ended()));
        m.put("errors", Integer.toString(errors.count()));
        m.putAll(pool.status());
        // Absolute, so the file changes only when something happens; jprefork status counts down.
        var idle = pool.options().idleTimeout();
        m.put("idle_timeout_ms", idle.isNegative() ? "never" : Long.toString(idle.toMillis()));
        m.put("idle_exit_at_ms", idle.isNegative() || activity.running() > 0 ? "-"
                : Long.toString(activity.lastActivityMillis() + idle.toMillis()));
        status.writeIfChanged(m);
    }

    /** Stops taking calls at once, lets running calls finish (bounded), then cleans up and exits. */
    synchronized void shutdown(String why, int status) {
        ManagerLog.info("shutting down: " + why);
        this.status.delete();
        unlinkSocketIfOurs();
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException ignored) {
            // exiting anyway
        }
        pool.shutdown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        while (activity.running() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                break;
            }
        }
        pool.killEverything();
        try {
            CriuEngine.deleteTree(poolDir);
            try {
                Files.deleteIfExists(poolDir.getParent()); // the ident's directory, unless a successor uses it
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // a successor's
            }
            deletePidFileIfOurs();
        } catch (IOException e) {
            ManagerLog.error("clean-up failed", e);
        }
        Runtime.getRuntime().halt(status);
    }

    private void deletePidFileIfOurs() throws IOException {
        try {
            if (Files.readString(pidFile).trim().equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(pidFile);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // already gone
        }
    }

    private void unlinkSocketIfOurs() {
        try {
            Object key = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            // A fresh manager (jprefork -f) may own the path by now: leave its socket alone.
            if (key != null && key.equals(socketKey)) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException ignored) {
            // already gone
        }
    }

    private static void announceReady() {
        PrintStream out = System.out;
        out.println("READY");
        out.flush();
        // Close the pipe to the starting client, but keep fd 1 taken (by /dev/null): a freed fd 1
        // would be reused by a socket, and the JVM still writes to fd 1 (thread dumps).
        int devNull = Posix.get().open("/dev/null", 1, 0);
        if (devNull >= 0) {
            Posix.get().dup2(devNull, 1);
            Posix.get().close(devNull);
        }
    }

    /** The program's own files: the source file or jar, and the class path entries. */
    static List<Path> programFiles(JavaCommandLine command) {
        List<Path> files = new ArrayList<>();
        switch (command.program().form()) {
            case SOURCE_FILE, JAR -> files.add(Path.of(command.program().target()).toAbsolutePath());
            default -> { }
        }
        command.classPath().ifPresent(cp -> {
            for (String entry : cp.split(":")) {
                if (entry.isEmpty()) {
                    continue;
                }
                files.add(Path.of(entry.endsWith("/*") ? entry.substring(0, entry.length() - 2) : entry)
                        .toAbsolutePath());
            }
        });
        return files;
    }

    private static int uid() {
        return Posix.get().getuid();
    }
}
