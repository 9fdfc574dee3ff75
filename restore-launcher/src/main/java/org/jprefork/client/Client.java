package org.jprefork.client;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.EngineChoice;
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
import org.jprefork.protocol.ProtocolVersion;
import org.jprefork.protocol.RunLocal;
import org.jprefork.protocol.RunPlain;
import org.jprefork.protocol.Status;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;

/**
 * The Java client: sends this process's invocation to the ident's pool manager and returns the
 * exit status the program's copy ended with, or runs the program itself when the manager says so
 * or when no pool answers ({@link NoPoolCall}, which has a pool built afterwards, with the engine
 * chosen by {@link EngineChoice}).
 */
public final class Client {
    private static final int ATTEMPTS = 3;

    private final ProgramSpec spec;
    private final Map<String, String> env;
    private final Path cwd;
    private final JpreforkHome home;
    private final List<String> words;

    /** {@code words}: jprefork's command line (the #! comma form split), for a pool built in the background. */
    public Client(ProgramSpec spec, Map<String, String> env, Path cwd, JpreforkHome home, List<String> words) {
        this.spec = spec;
        this.env = env;
        this.cwd = cwd;
        this.home = home;
        this.words = List.copyOf(words);
    }

    /**
     * Runs the program; returns the exit status for this process. {@code engineWord}: the
     * --engine option, or null; it matters only when this call starts a pool.
     */
    public int call(boolean fresh, String engineWord) throws IOException {
        RunDir runDir = RunDir.locate(env);
        String ident = spec.ident(env, cwd);
        TemplateSpec template = new TemplateSpec(spec.java(), spec.command(), home.agentJar(), home.jffiLibraryDir(),
                spec.tool());
        String plainOnly = IdentEnvironment.plainOnly(env);
        if (plainOnly != null) {
            System.err.println("jprefork: " + plainOnly + ": running plain java");
            return new NoPoolCall(spec, env, cwd, home, runDir, ident, template, words).runPlain();
        }
        if (fresh) {
            try (FileLock lock = Pools.awaitLock(runDir, ident)) {
                Pools.stop(runDir, ident);
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            UnixConnection c = connect(runDir.socket(ident));
            if (c == null) {
                return new NoPoolCall(spec, env, cwd, home, runDir, ident, template, words).run(engineWord);
            }
            try (UnixConnection connection = c) {
                Frame reply = exchange(connection, ident);
                if (reply == null) {
                    continue; // the manager was exiting (idle timeout): start afresh
                }
                switch (reply.type()) {
                    case STATUS:
                        return StatusExit.exitCode(Status.fromFrame(reply));
                    case RUN_LOCAL:
                        RunLocal local = RunLocal.fromFrame(reply);
                        if (!local.note().isEmpty()) {
                            System.err.println(local.note());
                        }
                        List<String> command = new ArrayList<>(local.command());
                        command.addAll(spec.command().args());
                        return PlainRun.run(command, env);
                    case RUN_PLAIN:
                        RunPlain.fromFrame(reply); // from a manager of an older build
                        return new NoPoolCall(spec, env, cwd, home, runDir, ident, template, words).runPlain();
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

    /** The {@code --build-pool} process (see {@link PoolBuild}). */
    public int buildPool(String engineWord) throws IOException {
        return PoolBuild.run(spec, env, cwd, home, engineWord);
    }

    /**
     * Sends the call; returns the manager's reply, or null when it closed before taking the call.
     * Our HELLO and the CALL go out before the manager's HELLO is read (protocol 2): a manager
     * writes its HELLO before it reads anything, so one that closed before it never took the
     * call, and one of another version refuses our HELLO without reading the CALL.
     */
    private Frame exchange(UnixConnection c, String ident) throws IOException {
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        CallRequest call = CallRequest.of(spec.command().args(), env, cwd.toString(), cs);
        try (SignalForwarding forwarding = SignalForwarding.toCall(c)) {
            boolean sent;
            try {
                c.writeFrame(Greeting.frame(ProtocolVersion.CURRENT));
                c.writeFrame(call.toFrame(), 0, 1, 2);
                sent = true;
            } catch (IOException e) {
                sent = false;
            }
            Frame hello;
            try {
                hello = Frame.readFrom(c.in());
            } catch (IOException e) {
                return null; // reset by a manager closing its listener: start again
            }
            if (hello == null || !sent) {
                return null;
            }
            Greeting.parse(hello);
            forwarding.arm();
            Frame reply = Frame.readFrom(c.in());
            if (reply == null) {
                throw new IOException("the pool manager closed the connection during the call; "
                        + LogHint.forIdent(ident));
            }
            return reply;
        }
    }

    /** A connection to the pool manager listening on {@code socket}, or null when none answers. */
    static UnixConnection connect(Path socket) throws IOException {
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
}
