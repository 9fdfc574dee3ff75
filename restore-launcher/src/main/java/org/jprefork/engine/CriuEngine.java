package org.jprefork.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checkpoints a template with {@code criu dump} and restores copies with {@code criu restore}.
 *
 * <p>Images are written to a temporary directory, marked complete, then renamed into place, so a
 * partial image is never restored. Each restore works in its own directory (logs, stats), so
 * copies of one image restore side by side; each gets a new PID namespace because the template
 * was its namespace's init.
 */
public final class CriuEngine implements Engine {
    private static final long DUMP_TIMEOUT_S = 120;
    /**
     * A restore longer than this is killed, with what it restored so far. The property (through
     * JPREFORK_MANAGER_JAVA_OPTIONS) lets a test reach that path in seconds.
     */
    private static final long RESTORE_TIMEOUT_S = Long.getLong("jprefork.criu.restoreTimeoutSeconds", 60);

    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_DIR =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    private final Path criu;
    private final AtomicLong counter = new AtomicLong();

    public CriuEngine(Path criu) {
        this.criu = criu;
    }

    @Override
    public String name() {
        return "criu";
    }

    @Override
    public boolean checkpoints() {
        return true;
    }

    @Override
    public TemplateProcess startTemplate(TemplateSpec spec, Path socket, List<String> args,
                                         java.util.Map<String, String> env, Path cwd, Path imageDir)
            throws IOException {
        TemplateProcess.Isolation isolation = TemplateProcess.Isolation.PID_NAMESPACE;
        // Copies are restored in this directory too: it lives as long as the image.
        Path dumpDir = TemplateProcess.dumpDir(imageDir);
        deleteTree(dumpDir);
        Files.createDirectories(dumpDir);
        String agentArgs = TemplateProcess.agentArgs(isolation, name(), dumpDir, socket);
        return TemplateProcess.start(isolation, spec.templateCommand(agentArgs,
                IMAGE_OPTIONS, args, JdkRelease.featureVersion(spec.java(), env)), env, cwd);
    }

    /**
     * JVM options of a template that CRIU dumps. The JDK's class-data archive is mapped at its
     * own base address, not relocated: JDK 17.0.x and later relocate it by default (for address
     * randomisation, which copies of one image share anyway), which writes to every page of it,
     * and each such page is then in the image and read back by every restore (10 MB of
     * SlowInit's 55 MB; about 4 MB once mapped at its base, docs/benchmarks.md). Nothing else
     * changes: the program's own options come after these and win.
     */
    static final List<String> IMAGE_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    @Override
    public Path checkpoint(long javaPid, TemplateProcess template, Path imageDir) throws EngineException {
        return dump(javaPid, imageDir);
    }

    /** Dumps the process tree rooted at {@code pid} (left running) into {@code imageDir}. */
    public Path dump(long pid, Path imageDir) throws EngineException {
        Path tmp = imageDir.resolveSibling(imageDir.getFileName() + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp, PRIVATE_DIR);
            run(List.of(criu.toString(), "dump", "-t", Long.toString(pid), "-D", tmp.toString(),
                    "--leave-running", "-o", "dump.log", "-v2"), tmp.resolve("dump.log"), DUMP_TIMEOUT_S, "dump");
            ImageSeal.seal(tmp, "pid " + pid);
            makePrivate(tmp);
            deleteTree(imageDir);
            Files.move(tmp, imageDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return imageDir;
        } catch (IOException e) {
            // A partial image is useless, and on a full disk it keeps the disk full; the log,
            // which the message names, stays.
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    if (!f.getFileName().toString().equals("dump.log")) {
                        deleteTree(f);
                    }
                }
            } catch (IOException ignored) {
                // the message below says what went wrong first
            }
            throw new EngineException("criu dump of pid " + pid + " failed: " + e.getMessage(), e);
        }
    }

    /** At exit: a criu run still going (a hung restore) would outlive the manager with its tasks. */
    @Override
    public void killRunning() {
        HalfRestored.killAll(criu);
    }

    /** Restores a copy as a child of this process ({@code --restore-sibling}). */
    @Override
    public Restored restore(Path imageDir) throws EngineException {
        return new Restored(restorePid(imageDir, List.of()), null, null);
    }

    /** ... giving it {@code shared} in place of those files ({@code --inherit-fd}). */
    @Override
    public Restored restore(Path imageDir, List<InheritedFile> shared) throws EngineException {
        return new Restored(restorePid(imageDir, shared), null, null);
    }

    private long restorePid(Path imageDir, List<InheritedFile> shared) throws EngineException {
        ImageSeal.verify(imageDir);
        Path work = imageDir.resolveSibling(imageDir.getFileName() + ".restore-" + counter.incrementAndGet());
        Path log = work.resolve("restore.log");
        try {
            Files.createDirectories(work, PRIVATE_DIR);
            Path pidFile = work.resolve("pid");
            List<String> cmd = new ArrayList<>(List.of(criu.toString(), "restore", "-D", imageDir.toString(),
                    "-W", work.toString(), "-d", "--restore-sibling", "--pidfile", pidFile.toString(),
                    "-o", "restore.log", "-v2"));
            int[] fds = new int[shared.size()];
            for (int i = 0; i < fds.length; i++) {
                fds[i] = shared.get(i).fd();
                cmd.add("--inherit-fd");
                cmd.add(shared.get(i).criuArgument(FdSpawn.FIRST_CHILD_FD + i));
            }
            run(cmd, fds, log, RESTORE_TIMEOUT_S, "restore");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            deleteTree(work);
            return pid;
        } catch (IOException | NumberFormatException e) {
            String message = "criu restore from " + imageDir + " failed: " + e.getMessage();
            String changed = ImageFilesChanged.reason(log);
            if (changed != null) {
                throw new ImageFilesChanged(changed, message, e);
            }
            throw new EngineException(message, e);
        }
    }

    /**
     * criu writes images with the manager's umask (0644): they hold the program's memory, so
     * they are made owner-only before anyone can restore them.
     */
    private static void makePrivate(Path image) throws IOException {
        try (var files = Files.list(image)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private static void run(List<String> cmd, Path log, long timeoutS, String what) throws IOException {
        run(cmd, new int[0], log, timeoutS, what);
    }

    /**
     * Runs criu, with {@code fds} as its descriptors 3, 4, ... It is started with posix_spawn,
     * not ProcessBuilder: the JDK starts a helper (jspawnhelper) that then runs criu, one more
     * exec in every restore, which a call waits for when no spare is ready.
     */
    private static void run(List<String> cmd, int[] fds, Path log, long timeoutS, String what) throws IOException {
        FdSpawn.Spawned spawned = FdSpawn.start(cmd, fds);
        long pid = spawned.pid();
        java.util.concurrent.CompletableFuture<Integer> exit = spawned.exit();
        HalfRestored.launched(pid, exit);
        // Never interrupted: criu killed half way through a restore leaves the tasks it created
        // frozen, with nobody to finish or kill them.
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        int code;
        try {
            while (true) {
                try {
                    code = exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    ProcessHandle.of(pid).ifPresent(h -> HalfRestored.kill(h, Path.of(cmd.get(0))));
                    throw new IOException("criu " + what + " did not finish in " + timeoutS + " s");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("criu " + what + ": " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (code != 0) {
            throw new IOException("criu " + what + " exited " + code + ": " + lastError(log) + " (log: " + log + ")");
        }
    }

    private static String lastError(Path log) {
        try {
            List<String> errors = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains("Error") && !line.contains("RLIMIT_NOFILE")) {
                    errors.add(line.trim());
                }
            }
            return errors.isEmpty() ? "see log" : errors.get(0);
        } catch (IOException e) {
            return "no log";
        }
    }

    /** Bytes of the regular files under {@code dir}; 0 when it cannot be read. */
    public static long treeBytes(Path dir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> {
                try {
                    return java.nio.file.Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Removes a directory tree; missing is fine, and so are entries that vanish meanwhile. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                Files.deleteIfExists(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof java.nio.file.NoSuchFileException) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }
}
