package org.jprefork.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.EngineKind;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.launcher.JpreforkHome;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;

/**
 * Builds a pool after a call that ran the program itself and reached initialisationComplete: in
 * a process of its own, in the background ({@code jprefork --build-pool WORDS}, started by the
 * client once the call has ended, with the call's environment and directory): under the ident's
 * lock, unless a pool answers already, chooses the engine, starts a pool manager and sends it
 * BUILD with the call's invocation. Its output goes to the pool's log.
 */
public final class PoolBuild {
    /** jprefork's hidden option that runs this. */
    public static final String OPTION = "--build-pool";

    private PoolBuild() {
    }

    /** Starts {@code jprefork --build-pool WORDS} in the background, detached from this process. */
    static void spawn(RunDir runDir, String ident, List<String> words) {
        List<String> cmd = new ArrayList<>(List.of("setsid", Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
        String checkout = System.getProperty("jprefork.checkout");
        if (checkout != null) {
            cmd.add("-Djprefork.checkout=" + checkout);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.jprefork.launcher.Main", OPTION));
        cmd.addAll(words);
        try {
            Path log = runDir.log(ident);
            try {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // appended to
            }
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            // no pool this time: the next call tries again
        }
    }

    /** The {@code --build-pool} process: returns its exit status (0 also when a pool answered already). */
    static int run(ProgramSpec spec, Map<String, String> env, Path cwd, JpreforkHome home, String engineWord)
            throws IOException {
        RunDir runDir = RunDir.locate(env);
        String ident = spec.ident(env, cwd);
        try (FileLock lock = FileLock.acquire(runDir.lock(ident))) {
            try (UnixConnection c = Client.connect(runDir.socket(ident))) {
                if (c != null) {
                    return 0;
                }
            }
            EngineChoice engine;
            try {
                engine = EngineChoice.choose(engineWord, spec.java(), env, home.criuCandidates(),
                        runDir.path().resolve("criu-check"));
            } catch (EngineException | IllegalArgumentException e) {
                System.err.println("jprefork: no pool built: " + e.getMessage());
                return 1;
            }
            if (engine.kind() == EngineKind.NONE) {
                return 0;
            }
            String note = engine.kind() == EngineKind.WARM && engineWord == null && !env.containsKey(EngineChoice.ENV)
                    ? "jprefork: no checkpoints here (" + engine.reason() + "): using the warm engine, "
                    + "which initialises a JVM ahead of each call" : null;
            Pools.start(runDir, ident, spec, engine, home.agentJar(), home.jffiLibraryDir(), note);
            try (UnixConnection c = Client.connect(runDir.socket(ident))) {
                if (c == null) {
                    System.err.println("jprefork: the new pool manager does not answer");
                    return 1;
                }
                Frame hello = Frame.readFrom(c.in());
                if (hello == null) {
                    return 1;
                }
                Greeting.parse(hello);
                Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
                c.writeFrame(CallRequest.of(spec.command().args(), env, cwd.toString(), cs).toBuildFrame());
                // The manager closes the connection once the generation exists: only then may
                // another call take the lock (and find it).
                while (c.in().read() >= 0) {
                    // nothing is sent back
                }
            }
            return 0;
        }
    }
}
