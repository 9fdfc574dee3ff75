package org.jprefork.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.ToolEntry;
import org.jprefork.manager.ManagerMain;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;

/** Starts a pool manager for an ident, or stops the one running. */
public final class Pools {
    /**
     * A pool manager is small and long-lived: a small heap, one light JIT thread and a small code
     * cache, no perf data file (RSS after 40 calls: 80 MB with only -Xmx64m and C1, 63 MB so).
     * $JPREFORK_MANAGER_JAVA_OPTIONS adds to them.
     */
    static final List<String> MANAGER_JVM_OPTIONS = List.of("-Xms4m", "-Xmx32m", "-Xss512k",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:ReservedCodeCacheSize=12m", "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData");
    private static final long STOP_TIMEOUT_S = 35;

    private Pools() {
    }

    /**
     * Starts a manager and waits until it accepts calls. The caller holds the ident's lock, so
     * simultaneous builds start one manager. {@code note}: one line the manager shows once per run
     * directory, on the first call it answers (or null).
     */
    public static void start(RunDir runDir, String ident, ProgramSpec spec, EngineChoice engine, Path agentJar,
                             Path jffiDir, String note)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(MANAGER_JVM_OPTIONS);
        String extra = System.getenv("JPREFORK_MANAGER_JAVA_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (note != null) {
            cmd.add("-D" + ManagerMain.NOTE_PROPERTY + "=" + note);
        }
        cmd.addAll(List.of("-Djffi.boot.library.path=" + jffiDir,
                "-cp", System.getProperty("java.class.path"), ManagerMain.class.getName(),
                runDir.socket(ident).toString(), runDir.poolDir(ident).toString(), runDir.pidFile(ident).toString(),
                ManagerMain.engineArgument(engine), agentJar.toString(), jffiDir.toString(),
                ToolEntry.argument(spec.tool()), "--", spec.java()));
        cmd.addAll(spec.command().programWords());
        Path log = runDir.log(ident);
        try {
            // The log names the program's files and errors: as private as the rest of the run dir.
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // appended to
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> managerEnv = CallerEnvironment.forJpreforkJvm(pb.environment());
        pb.environment().clear();
        pb.environment().putAll(managerEnv);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            if (!"READY".equals(line)) {
                throw new IOException("the pool manager did not start; " + org.jprefork.protocol.LogHint.forIdent(ident));
            }
        }
    }

    /** How long {@link #awaitLock} waits for a pool being built. */
    static final long BUILD_WAIT_S = 30;

    /**
     * The ident's lock, once a pool being built (its builder holds the lock from the call that
     * started it until the manager answers) is up; null after {@link #BUILD_WAIT_S} seconds
     * (the call that started it runs long: what runs is stopped, what it builds later stays).
     */
    public static FileLock awaitLock(RunDir runDir, String ident) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUILD_WAIT_S);
        while (true) {
            FileLock lock = FileLock.tryAcquire(runDir.lock(ident));
            if (lock != null || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Stops the ident's manager, if one runs, and waits until it has gone. */
    public static boolean stop(RunDir runDir, String ident) throws IOException {
        Optional<ProcessHandle> manager = running(runDir, ident);
        if (manager.isEmpty()) {
            // A stale socket goes; one that answers belongs to a manager we do not know: keep it.
            try (org.jprefork.internal.unix.UnixConnection c =
                         org.jprefork.internal.unix.UnixConnection.connect(runDir.socket(ident))) {
                return false;
            } catch (IOException e) {
                Files.deleteIfExists(runDir.socket(ident));
                return false;
            }
        }
        ProcessHandle h = manager.get();
        org.jprefork.internal.unix.Posix.get().kill((int) h.pid(), 15);
        try {
            h.onExit().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        return true;
    }

    /** The ident's manager process, when its pid file names a live manager of that ident. */
    public static Optional<ProcessHandle> running(RunDir runDir, String ident) {
        try {
            long pid = Long.parseLong(Files.readString(runDir.pidFile(ident)).trim());
            return ProcessHandle.of(pid).filter(h -> h.info().arguments()
                    .map(a -> List.of(a).contains(runDir.socket(ident).toString())).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
