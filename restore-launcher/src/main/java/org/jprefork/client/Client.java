package org.jprefork.client;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.EngineException;
import org.jprefork.engine.EngineKind;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.launcher.JpreforkHome;
import org.jprefork.protocol.CallRequest;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Failure;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.IdentEnvironment;
import org.jprefork.protocol.LogHint;
import org.jprefork.protocol.ProtocolException;
import org.jprefork.protocol.RunPlain;
import org.jprefork.protocol.Status;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;
import org.jprefork.script.ScriptBuild;
import org.jprefork.script.ScriptException;
import org.jprefork.script.ScriptPreparer;

/**
 * The Java client: sends this process's invocation to the ident's pool manager (starting one if
 * needed, with the engine chosen by {@link EngineChoice}) and returns the exit status the
 * program's copy ended with.
 */
public final class Client {
    private static final int ATTEMPTS = 3;

    private final ProgramSpec spec;
    private final Map<String, String> env;
    private final Path cwd;
    private final JpreforkHome home;

    public Client(ProgramSpec spec, Map<String, String> env, Path cwd, JpreforkHome home) {
        this.spec = spec;
        this.env = env;
        this.cwd = cwd;
        this.home = home;
    }

    /**
     * Runs the program; returns the exit status for this process. {@code engineWord}: the
     * --engine option, or null; it matters only when this call starts a pool.
     */
    public int call(boolean fresh, String engineWord) throws IOException {
        RunDir runDir = RunDir.locate(env);
        String ident = spec.ident(env, cwd);
        Path agentJar = home.agentJar();
        Path jffiDir = home.jffiLibraryDir();
        TemplateSpec template = new TemplateSpec(spec.java(), spec.command(), agentJar, jffiDir, spec.tool());
        String plainOnly = IdentEnvironment.plainOnly(env);
        if (plainOnly != null) {
            System.err.println("jprefork: " + plainOnly + ": running plain java");
            return runPlain(template, runDir.poolDir(ident).resolve("src"));
        }
        if (fresh) {
            try (FileLock lock = FileLock.acquire(runDir.lock(ident))) {
                Pools.stop(runDir, ident);
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            UnixConnection c = connect(runDir.socket(ident));
            if (c == null) {
                EngineChoice engine;
                try {
                    engine = EngineChoice.choose(engineWord, spec.java(), env, home.criuCandidates(),
                            runDir.path().resolve("criu-check"));
                } catch (EngineException e) {
                    System.err.println("jprefork: " + e.getMessage());
                    return ExitCodes.SERVER_FAILED;
                } catch (IllegalArgumentException e) {
                    System.err.println("jprefork: " + EngineChoice.ENV + ": " + e.getMessage());
                    return ExitCodes.USAGE;
                }
                if (engine.kind() == EngineKind.NONE) {
                    return runPlain(template, runDir.poolDir(ident).resolve("src"));
                }
                if (engine.kind() == EngineKind.WARM && engineWord == null && !env.containsKey(EngineChoice.ENV)) {
                    warnOnce(runDir, engine.reason());
                }
                try (FileLock lock = FileLock.acquire(runDir.lock(ident))) {
                    c = connect(runDir.socket(ident));
                    if (c == null) {
                        Pools.start(runDir, ident, spec, engine, agentJar, jffiDir);
                        c = connect(runDir.socket(ident));
                    }
                }
                if (c == null) {
                    continue;
                }
            }
            try (UnixConnection connection = c) {
                Frame reply = exchange(connection, ident);
                if (reply == null) {
                    continue; // the manager was exiting (idle timeout): start afresh
                }
                switch (reply.type()) {
                    case STATUS:
                        return StatusExit.exitCode(Status.fromFrame(reply));
                    case RUN_PLAIN:
                        RunPlain.fromFrame(reply);
                        return runPlain(template, runDir.poolDir(ident).resolve("src"));
                    case ERROR:
                        Failure f = Failure.fromFrame(reply);
                        System.err.println(f.message() + " (" + LogHint.forIdent(ident) + ")");
                        return f.exitCode();
                    default:
                        throw new ProtocolException("unexpected reply " + reply.type());
                }
            }
        }
        System.err.println("jprefork: cannot reach a pool manager for this program; " + LogHint.forIdent(ident));
        return ExitCodes.SERVER_FAILED;
    }

    /**
     * Runs the program as plain java here: a script with directives from its build (the pool's
     * manager made it already, so this is a cache look-up), another #! script from a copy.
     */
    private int runPlain(TemplateSpec given, Path copyDir) throws IOException {
        TemplateSpec template = given.withClassPathInEffect(env);
        ScriptBuild build;
        try {
            build = new ScriptPreparer(spec.java(), template.command(), cwd, env, template.agentJar(), home.cacheDir())
                    .prepare(2);
        } catch (ScriptException e) {
            if (e.getMessage() != null) {
                System.err.println("jprefork: " + e.getMessage());
            }
            return e.exitCode();
        }
        TemplateSpec effective = build == null ? template.prepared(copyDir)
                : template.withCommand(build.commandLine(template.command()));
        return PlainRun.run(effective.plainCommand(spec.command().args()), env);
    }

    /** Sends the call; returns the manager's reply, or null when it closed before taking the call. */
    private Frame exchange(UnixConnection c, String ident) throws IOException {
        Frame hello;
        try {
            hello = Frame.readFrom(c.in());
        } catch (IOException e) {
            return null; // reset by a manager closing its listener: start again
        }
        if (hello == null) {
            return null;
        }
        Greeting.parse(hello);
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        CallRequest call = CallRequest.of(spec.command().args(), env, cwd.toString(), cs);
        try (SignalForwarding forwarding = SignalForwarding.toCall(c)) {
            try {
                c.writeFrame(call.toFrame(), 0, 1, 2);
            } catch (IOException e) {
                return null;
            }
            forwarding.arm();
            Frame reply = Frame.readFrom(c.in());
            if (reply == null) {
                throw new IOException("the pool manager closed the connection during the call; "
                        + LogHint.forIdent(ident));
            }
            return reply;
        }
    }

    private static UnixConnection connect(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return null;
        }
        UnixConnection c;
        try {
            c = UnixConnection.connect(socket);
        } catch (IOException e) {
            return null;
        }
        // Our stdio goes to whoever answers: only to a manager of our own uid (as the native client).
        int peer = c.peer().getUid();
        if (peer != org.jprefork.internal.unix.Posix.get().getuid()) {
            c.close();
            throw new IOException("the process listening on " + socket + " runs as uid " + peer
                    + ", not as you: refusing to use it");
        }
        return c;
    }

    private static void warnOnce(RunDir runDir, String reason) {
        Path marker = runDir.path().resolve("unaccelerated-warned");
        try {
            if (Files.exists(marker) && Files.readString(marker).equals(reason)) {
                return;
            }
            Files.writeString(marker, reason);
        } catch (IOException e) {
            // warn anyway
        }
        System.err.println("jprefork: no checkpoints here (" + reason + "): using the warm engine, "
                + "which initialises a JVM ahead of each call");
    }

}
