package org.jprefork.launcher;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jprefork.client.CallerEnvironment;
import org.jprefork.client.Client;
import org.jprefork.client.PoolBuild;
import org.jprefork.client.ProgramSpec;
import org.jprefork.engine.Executables;
import org.jprefork.engine.ToolEntry;
import org.jprefork.protocol.ArgFiles;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.Ident;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.protocol.ShellWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jprefork [OPTIONS] JAVA [JAVA-OPTIONS] PROGRAM [ARGS...]}: prefork-interp's command line. */
@Command(name = "jprefork", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs a Java program from a checkpoint taken when it called Prefork.initialisationComplete().",
            "As a #! line: #!/usr/local/bin/jprefork -U,java,-Xmx256m"},
        footer = {"", "PROGRAM is Script.java, MainClass (after -cp CLASSPATH), -jar app.jar, or -m module."})
public final class JpreforkCommand implements Callable<Integer> {
    private final List<Ident.Extra> identExtras = new ArrayList<>();

    @Option(names = "-U", description = "Unlaundered mediation: the initialisation and every call see all "
            + "arguments and environment variables (required).")
    boolean unlaundered;

    @Option(names = "-E", paramLabel = "VAR", description = "Add environment variable VAR (value or absence) to the ident.")
    void envVar(String name) {
        identExtras.add(new Ident.Extra(true, name));
    }

    @Option(names = "-G", paramLabel = "STRING", description = "Add STRING to the ident.")
    void extra(String s) {
        identExtras.add(new Ident.Extra(false, s));
    }

    @Option(names = "-g", paramLabel = "IDENT", description = "Use IDENT instead of the computed ident.")
    String givenIdent;

    @Option(names = "--ident-cwd", description = "Make the working directory part of the ident (one pool per "
            + "directory, as prefork-interp): for a program that reads files relative to it before its checkpoint.")
    boolean identCwd;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "criu, crac, warm or none (plain java); "
            + "default: JPREFORK_ENGINE, else crac on a JDK with CRaC, criu when criu check passes, else warm. "
            + "Part of the ident.")
    void engine(String word) {
        engine = word;
        identExtras.add(new Ident.Extra(false, "--engine=" + word));
    }

    String engine;

    @Option(names = "--checkpoint-at", paramLabel = "WHERE", description = "main: for a tool that never calls "
            + "Prefork, checkpoint just before its main runs (PROGRAM must be MainClass or -jar app.jar). "
            + "Part of the ident.")
    void checkpointAt(String where) {
        checkpointAt = where;
        identExtras.add(new Ident.Extra(false, "--checkpoint-at=" + where));
    }

    String checkpointAt;

    @Option(names = "--warmup", paramLabel = "WORDS", description = "With --checkpoint-at=main: run the tool's "
            + "main once with these shell-style words before the checkpoint, output discarded, System.exit "
            + "contained. Part of the ident.")
    void warmup(String words) {
        warmup = words;
        identExtras.add(new Ident.Extra(false, "--warmup=" + words));
    }

    String warmup;

    @Option(names = "--verify-warmup", paramLabel = "N", description = "With --warmup: also run each of the pool's "
            + "first N calls with an empty stdin as plain java, give the caller plain java's output, and turn the "
            + "warm-up off if they differ (each runs twice: not for calls that change files). Part of the ident.")
    void verifyWarmup(String n) {
        verifyWarmup = n;
        identExtras.add(new Ident.Extra(false, "--verify-warmup=" + n));
    }

    String verifyWarmup;

    @Option(names = "-f", description = "Replace any running pool with a fresh one.")
    boolean fresh;

    @Option(names = "--kill", description = "Stop the program's pool, if any, and run nothing.")
    boolean kill;

    /** Internal: builds the pool in the background after a call that ran the program itself (PoolBuild). */
    @Option(names = PoolBuild.OPTION, hidden = true)
    boolean buildPool;

    /** The command line as given (the #! comma form split), which a background pool build repeats. */
    List<String> commandLine = List.of();

    // Optional to picocli, so that a first word naming a command (kill, gc...) is not taken for a
    // missing interpreter; call() insists on it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "JAVA", description = "The java executable (java, or a JDK's bin/java).")
    String java;

    @Parameters(index = "1..*", paramLabel = "WORDS", description = "JVM options, the program, its arguments.")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (java == null) {
            return usageError("no interpreter given: jprefork -U java PROGRAM [ARGS...], or jprefork COMMAND");
        }
        if (!unlaundered) {
            return usageError("-U is required (the only mediation: the initialisation and every call see all "
                    + "arguments and environment)");
        }
        JavaCommandLine command;
        ToolEntry tool;
        Path cwd = Path.of(System.getProperty("user.dir"));
        try {
            if (engine != null) {
                org.jprefork.engine.EngineKind.parse(engine);
            }
            command = parse(words, cwd);
            tool = toolEntry(command);
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        Map<String, String> env = CallerEnvironment.of(System.getenv());
        if (!kill && Executables.find(java, env) == null) {
            System.err.println("jprefork: interpreter '" + java + "' not found");
            return 127;
        }
        ProgramSpec spec = new ProgramSpec(java, command, identExtras, givenIdent, tool, identCwd);
        JpreforkHome home = new JpreforkHome(env);
        if (kill) {
            return Kill.run(spec, env, cwd);
        }
        List<String> asGiven = commandLine.stream().filter(w -> !w.equals(PoolBuild.OPTION)).toList();
        Client client = new Client(spec, env, cwd, home, asGiven);
        return buildPool ? client.buildPool(engine) : client.call(fresh, engine);
    }

    /** --checkpoint-at and --warmup, checked against the program's form. */
    private ToolEntry toolEntry(JavaCommandLine command) {
        if (checkpointAt == null) {
            if (warmup != null || verifyWarmup != null) {
                throw new IllegalArgumentException((warmup != null ? "--warmup" : "--verify-warmup")
                        + " needs --checkpoint-at=main");
            }
            return null;
        }
        if (!checkpointAt.equals("main")) {
            throw new IllegalArgumentException("--checkpoint-at=" + checkpointAt + ": the only point is main");
        }
        JavaCommandLine.Form form = command.program().form();
        if (form != JavaCommandLine.Form.MAIN_CLASS && form != JavaCommandLine.Form.JAR) {
            throw new IllegalArgumentException("--checkpoint-at=main needs a main class (-cp CLASSPATH Main) "
                    + "or -jar app.jar");
        }
        int verify = 0;
        if (verifyWarmup != null) {
            try {
                verify = Integer.parseInt(verifyWarmup);
            } catch (NumberFormatException e) {
                verify = -1;
            }
            if (verify < 1) {
                throw new IllegalArgumentException("--verify-warmup=" + verifyWarmup + ": give a number of calls from 1 to "
                        + ToolEntry.MAX_VERIFY_CALLS);
            }
        }
        return new ToolEntry(warmup == null ? List.of() : ShellWords.split(warmup), verify);
    }

    /** The program this command line names, from {@code cwd} (for the commands that take a script's #! line). */
    ProgramSpec programSpec(Path cwd) {
        if (java == null) {
            throw new IllegalArgumentException("no interpreter given");
        }
        JavaCommandLine command = parse(words, cwd);
        return new ProgramSpec(java, command, identExtras, givenIdent, toolEntry(command), identCwd);
    }

    /** The java words, split as the launcher splits them after expanding @argfiles. */
    private static JavaCommandLine parse(List<String> words, Path cwd) {
        Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        return JavaCommandLine.parse(ArgFiles.expand(words, cwd, cs));
    }

    static int usageError(String message) {
        System.err.println("jprefork: " + message + " (see jprefork --help)");
        return ExitCodes.USAGE;
    }
}
