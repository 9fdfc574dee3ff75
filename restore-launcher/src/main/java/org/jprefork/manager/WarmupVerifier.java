package org.jprefork.manager;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jnr.posix.FileStat;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Status;

/**
 * {@code --verify-warmup=N}: each of a tool pool's first N calls that qualify runs twice, first
 * as plain java, then in its copy (which holds the warm-up), each with stdin /dev/null and its
 * output in a file; the caller gets plain java's output and status, so a verified call is never
 * wrong (and as slow as plain java). A difference in stdout, stderr or exit status turns the
 * warm-up off ({@link WarmupState}) and ends the generation: later calls get a template built
 * without it.
 *
 * <p>A call qualifies when running it twice reads the same input: its stdin is /dev/null or a
 * regular file at its end; when it would look the same to the tool as a file: neither stdout
 * nor stderr is a terminal; and when its arguments, environment and directory are UTF-8, which
 * is what a ProcessBuilder passes on. Files the tool changes, it changes twice, one run after
 * the other: verify only calls that do not change files.
 */
final class WarmupVerifier {
    private final TemplateSpec spec;
    private final Path dir;
    private final WarmupState state;
    private final Runnable dropGeneration;

    /** {@code dropGeneration}: ends the current generation (its image holds the warm-up). */
    WarmupVerifier(TemplateSpec spec, Path dir, WarmupState state, Runnable dropGeneration) {
        this.spec = spec;
        this.dir = dir;
        this.state = state;
        this.dropGeneration = dropGeneration;
    }

    /** Whether this call is to be verified; if so, it counts as one of the N. */
    boolean claim(CallRequest call, int[] stdio) {
        // Most pools verify nothing: no system call on their calls' path.
        return state.verificationOpen() && qualifies(stdio) && utf8(call) && state.claimVerification();
    }

    /** Whether plain java, started here with Strings, gets exactly the caller's bytes. */
    static boolean utf8(CallRequest call) {
        java.util.List<byte[]> all = new java.util.ArrayList<>(call.args());
        all.addAll(call.env());
        all.add(call.cwd());
        for (byte[] b : all) {
            if (!Arrays.equals(b, new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
        }
        return true;
    }

    static boolean qualifies(int[] stdio) {
        if (Posix.get().isatty(stdio[1]) == 1 || Posix.get().isatty(stdio[2]) == 1) {
            return false;
        }
        FileStat in = Posix.get().fstat(stdio[0]);
        if (in.isCharDev()) {
            FileStat devNull = Posix.get().stat("/dev/null");
            return in.dev() == devNull.dev() && in.ino() == devNull.ino();
        }
        return in.isFile() && Posix.get().lseekLong(stdio[0], 0, 1) == in.st_size();
    }

    /**
     * Runs the claimed call as plain java, then in {@code copy}; gives the caller plain java's
     * answer. Plain java prints the JVM's start-up lines ({@link JvmStartupNotes}) itself; the
     * copy's are put in front of its stderr, for the comparison. {@code notesShown}: the caller
     * has them already (from the template's start), so plain java's are not given again.
     */
    Status run(Copy copy, CallRequest call, int[] stdio, CallerWatch watch, boolean notesShown) throws IOException {
        boolean settled = false;
        Path work = Files.createTempDirectory(dir, "verify");
        try {
            Path plainOut = work.resolve("plain.out");
            Path plainErr = work.resolve("plain.err");
            int plainExit = runPlain(call, plainOut, plainErr, watch);
            Path copyOut = work.resolve("copy.out");
            Path copyErr = work.resolve("copy.err");
            Status copyStatus = runCopy(copy, call, copyOut, copyErr, watch);
            byte[] notes = JvmStartupNotes.of(call.env());
            String difference = plainExit != copyStatus.shellStatus()
                    ? "exit status " + copyStatus.shellStatus() + ", plain java's " + plainExit
                    : !same(plainOut, copyOut) ? "stdout" : !same(plainErr, copyErr) ? "stderr" : null;
            String line = null;
            if (!watch.callerGone()) {
                settled = true;
                line = state.verifiedCall(difference);
            }
            copyTo(plainOut, stdio[1], 0);
            copyTo(plainErr, stdio[2], notesShown && startsWith(plainErr, notes) ? notes.length : 0);
            if (line != null) {
                dropGeneration.run();
                state.takeNotice(); // this caller is the one told
                CallerStderr.line(stdio[2], line);
            }
            // The same status, or plain java's (a signal death shows as 128 + N, as for a client's plain run).
            return difference == null ? copyStatus : Status.exited(plainExit);
        } finally {
            if (!settled) {
                state.verificationAbandoned();
            }
            try {
                org.jprefork.engine.CriuEngine.deleteTree(work);
            } catch (IOException e) {
                ManagerLog.error("cannot remove " + work, e);
            }
        }
    }

    private int runPlain(CallRequest call, Path out, Path err, CallerWatch watch) throws IOException {
        List<String> args = List.of(call.argStrings(StandardCharsets.UTF_8));
        ProcessBuilder pb = new ProcessBuilder(spec.plainCommand(args))
                .redirectInput(new File("/dev/null")).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(call.envMap(StandardCharsets.UTF_8));
        Path cwd = Path.of(call.cwdString(StandardCharsets.UTF_8));
        pb.directory(Files.isDirectory(cwd) ? cwd.toFile() : new File("/"));
        Process p = pb.start();
        while (true) {
            try {
                if (p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return p.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while verifying a call");
            }
            if (watch.callerGone()) {
                p.destroyForcibly();
            }
        }
    }

    private static Status runCopy(Copy copy, CallRequest call, Path out, Path err, CallerWatch watch)
            throws IOException {
        int flags = jnr.constants.platform.OpenFlags.O_WRONLY.intValue()
                | jnr.constants.platform.OpenFlags.O_CREAT.intValue() | jnr.constants.platform.OpenFlags.O_TRUNC.intValue();
        int[] fds = {
            Posix.get().open("/dev/null", jnr.constants.platform.OpenFlags.O_RDONLY.intValue(), 0),
            Posix.get().open(out.toString(), flags, 0600),
            Posix.get().open(err.toString(), flags, 0600)};
        try {
            for (int fd : fds) {
                Posix.check(fd, "open (verifying a call)");
            }
            JvmStartupNotes.write(fds[2], call.env()); // what plain java's JVM prints first
            copy.start(call, fds);
        } finally {
            for (int fd : fds) {
                Posix.closeQuietly(fd);
            }
        }
        watch.attach(copy);
        Status status = copy.finished(); // also closes the copy's connection
        copy.exit().join(); // a verified call still ends with its copy
        return status;
    }

    private static boolean same(Path a, Path b) throws IOException {
        return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    }

    private static boolean startsWith(Path file, byte[] prefix) throws IOException {
        if (prefix.length == 0 || Files.size(file) < prefix.length) {
            return false;
        }
        try (var in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(prefix.length), prefix);
        }
    }

    /** Writes the file's bytes after the first {@code skip} to {@code fd} (the caller's stdout or stderr). */
    private static void copyTo(Path file, int fd, long skip) throws IOException {
        byte[] buf = new byte[65536];
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(skip);
            for (int n; (n = in.read(buf)) > 0; ) {
                byte[] chunk = n == buf.length ? buf : Arrays.copyOf(buf, n);
                for (int off = 0; off < n; ) {
                    int w = Posix.get().write(fd, off == 0 ? chunk : Arrays.copyOfRange(chunk, off, n), n - off);
                    if (w <= 0) {
                        return; // the caller's descriptor is gone, and the output with it
                    }
                    off += w;
                }
            }
        }
    }
}
