package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jprefork.engine.Engine;
import org.jprefork.engine.TemplateProcess;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.protocol.PoolOptions;
import org.jprefork.protocol.WarmupChecked;
import org.jprefork.protocol.Status;

/** Starts templates and routes each one's request (to be checkpointed, or not) back to it. */
final class TemplateStarter {
    /**
     * What a template asked for at initialisationComplete, or told before it.
     *
     * @param abortReason   null for a checkpoint request; else why it refused one
     * @param warmupRefused non-null when the template's warm-up was refused: it exits, unchecked
     * @param held          what it held then (HELD_FILES and the descriptors that came with it), or null
     */
    record Request(long javaPid, PoolOptions options, String abortReason, WarmupChecked warmupRefused,
                   HeldByTemplate held) {
        Request(long javaPid, PoolOptions options, String abortReason) {
            this(javaPid, options, abortReason, null, null);
        }
    }

    /** A template's HELD_FILES, and the descriptors of its files open for writing. */
    record HeldByTemplate(org.jprefork.protocol.HeldFiles files, int[] fds) {
        void closeFds() {
            for (int fd : fds) {
                org.jprefork.internal.unix.Posix.closeQuietly(fd);
            }
        }
    }

    /** A template between its start and its request. */
    static final class Started {
        final TemplateProcess template;
        final CompletableFuture<Request> request = new CompletableFuture<>();
        final CompletableFuture<Status> exit;
        final OutputPump pump;

        private Started(TemplateProcess template, int outputFd) {
            this.template = template;
            this.exit = Reaper.watch(template.process());
            this.pump = new OutputPump(template.output(), outputFd);
        }

        /** The template's request, or null when it exited first (its output then fully copied). */
        Request await() {
            CompletableFuture.anyOf(request, exit).join();
            if (request.isDone()) {
                return request.join();
            }
            try {
                pump.awaitEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        /** Waits (bounded, then kills it) for a template that exits by itself: its warm-up was refused. */
        void awaitOwnExit() {
            try {
                exit.get(10, java.util.concurrent.TimeUnit.SECONDS);
                pump.awaitEnd();
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                template.process().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Lets a parked template go on (to serve a call, or after its dump). */
        void release() throws IOException {
            template.releaseHandle().close();
        }
    }

    private final Map<Long, Started> byLauncher = new ConcurrentHashMap<>();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /** Starts a template whose output goes to {@code outputFd} (-1: nowhere) until it detaches. */
    Started start(Engine engine, TemplateSpec spec, Path socket, List<String> args, Map<String, String> env,
                  Path cwd, Path imageDir, int outputFd) throws IOException {
        TemplateProcess template = engine.startTemplate(spec, socket, args, env, cwd, imageDir);
        Started started = new Started(template, outputFd);
        long launcher = template.launcherPid();
        byLauncher.put(launcher, started);
        running.add(template.process());
        started.exit.thenRun(() -> running.remove(template.process()));
        CompletableFuture.anyOf(started.request, started.exit).thenRun(() -> byLauncher.remove(launcher));
        return started;
    }

    /**
     * Routes a request from the JVM {@code javaPid}: the template's launcher is the JVM itself,
     * or its parent (unshare). A request from a stranger is refused, and the stranger killed.
     */
    void requested(Request request) {
        long pid = request.javaPid();
        Started s = byLauncher.get(pid);
        if (s == null) {
            s = byLauncher.get(parentOf(pid));
        }
        if (s == null) {
            ManagerLog.info("checkpoint request from unknown pid " + pid + "; killing it");
            org.jprefork.internal.unix.Posix.get().kill((int) pid, 9);
            if (request.held() != null) {
                request.held().closeFds();
            }
            return;
        }
        s.request.complete(request);
    }

    /** Last resort at exit. */
    void killAll() {
        running.forEach(Process::destroyForcibly);
    }

    private static long parentOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // Field 4, after the parenthesised command name (which may contain spaces).
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
