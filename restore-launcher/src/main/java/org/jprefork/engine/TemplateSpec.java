package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.protocol.JavaCommandLine;

/**
 * How to start a pool's template JVM: the interpreter, the program's launcher words, and what
 * jprefork adds to them.
 *
 * @param java      the java executable, as the user named it
 * @param command   launcher options and program, as the user gave them
 * @param agentJar  the checkpoint agent
 * @param jffiDir   directory with jffi's native library under a stable name
 * @param tool      for a tool run unmodified (--checkpoint-at=main), how; else null
 */
public record TemplateSpec(String java, JavaCommandLine command, Path agentJar, Path jffiDir, ToolEntry tool) {

    /** The program as a caller knows it, for messages: its file's name, or its main class. */
    public String programName() {
        Path target = Path.of(command.program().target()).getFileName();
        return target == null ? command.program().target() : target.toString();
    }

    /**
     * The spec to run now. The java launcher refuses a {@code #!} line in a file named
     * {@code *.java}, which is how a {@code #!} Java script is usually named; such a script runs
     * from a copy in {@code workDir} whose first line is blanked, so line numbers still match.
     */
    public TemplateSpec prepared(Path workDir) throws IOException {
        if (command.program().form() != JavaCommandLine.Form.SOURCE_FILE) {
            return this;
        }
        Path source = Path.of(command.program().target());
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            return this; // the java launcher says what is wrong with it, as without jprefork
        }
        byte[] text = Files.readAllBytes(source);
        if (text.length < 2 || text[0] != '#' || text[1] != '!') {
            return this;
        }
        int eol = 0;
        while (eol < text.length && text[eol] != '\n') {
            eol++;
        }
        Files.createDirectories(workDir);
        Path copy = workDir.resolve(source.getFileName());
        byte[] body = Arrays.copyOfRange(text, eol, text.length);
        // Other calls may be compiling the copy right now: never rewrite it in place.
        if (!Files.exists(copy) || !Arrays.equals(Files.readAllBytes(copy), body)) {
            Path tmp = Files.createTempFile(workDir, ".script", ".tmp");
            Files.write(tmp, body);
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        JavaCommandLine rewritten = new JavaCommandLine(command.options(),
                new JavaCommandLine.Program(JavaCommandLine.Form.SOURCE_FILE, copy.toString()), command.args());
        return new TemplateSpec(java, rewritten, agentJar, jffiDir, tool);
    }

    /**
     * For a source file given no class path, the spec with the class path java would take instead
     * written out: the last one JDK_JAVA_OPTIONS gives, else CLASSPATH. jprefork gives a source
     * file its agent with -cp, which would hide both; the program sees the same
     * {@code java.class.path} either way. Other forms are left to java, which reads them itself.
     */
    public TemplateSpec withClassPathInEffect(Map<String, String> env) {
        if (command.program().form() != JavaCommandLine.Form.SOURCE_FILE || command.classPath().isPresent()) {
            return this;
        }
        String cp = ClassPathEntries.lastGiven(env.get("JDK_JAVA_OPTIONS"));
        if (cp == null) {
            cp = env.get("CLASSPATH");
        }
        if (cp == null) {
            return this;
        }
        List<String> options = new ArrayList<>(List.of("-cp", cp));
        options.addAll(command.options());
        return withCommand(new JavaCommandLine(options, command.program(), command.args()));
    }

    /** The same spec without the tool's warm-up run (the template still loads and trains). */
    public TemplateSpec withoutWarmup() {
        return tool == null || tool.warmup().isEmpty() ? this
                : new TemplateSpec(java, command, agentJar, jffiDir, tool.withoutWarmup());
    }

    /** The same spec running another command line (a script's compiled build). */
    public TemplateSpec withCommand(JavaCommandLine other) {
        return new TemplateSpec(java, other, agentJar, jffiDir, tool);
    }

    /**
     * This spec, or one whose class path starts with jprefork's agent when the program's own
     * class path carries another build of it (so jprefork's classes are the ones found).
     *
     * @throws BundledAgentException for {@code -jar}, whose class path cannot be put in front of
     */
    public TemplateSpec withOwnAgentFirst() throws IOException, BundledAgentException {
        BundledAgent bundled = BundledAgent.find(command, agentJar);
        if (bundled == null) {
            return this;
        }
        String ours = BundledAgent.version(agentJar);
        if (command.program().form() == JavaCommandLine.Form.JAR) {
            throw new BundledAgentException(bundled.describe(ours)
                    + ", which a -jar program finds first; leave it out of the bundle (jprefork provides it)");
        }
        List<String> options = new ArrayList<>(command.options());
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if ((o.equals("-cp") || o.equals("-classpath") || o.equals("--class-path")) && i + 1 < options.size()) {
                options.set(i + 1, agentJar + ":" + options.get(i + 1));
            } else if (o.startsWith("--class-path=")) {
                options.set(i, "--class-path=" + agentJar + ":" + o.substring("--class-path=".length()));
            }
        }
        return withCommand(new JavaCommandLine(options, command.program(), command.args()));
    }

    /**
     * JVM options jprefork needs for a JVM that is checkpointed and restored, on a JDK of the
     * given feature version (0: unknown).
     */
    static List<String> checkpointOptions(int jdkVersion) {
        List<String> options = new ArrayList<>(List.of(
                // The hsperfdata file is per PID: a restored copy cannot have it (restore fails).
                "-XX:-UsePerfData",
                // The attach listener is a socket in /tmp named by the (namespace) pid, 1 in every copy.
                "-XX:+DisableAttachMechanism",
                // The agent's jnr loads a native library: no "restricted method" warnings (JDK 22+).
                "--enable-native-access=ALL-UNNAMED"));
        if (jdkVersion >= 23) {
            // ... nor warnings about jffi's use of sun.misc.Unsafe (an unknown option before 23).
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        return options;
    }

    /**
     * The template's JVM command line, with the agent and the engine's own options.
     * {@code agentArgs} ends with {@code socket=PATH}.
     *
     * @throws IOException when a tool's jar cannot be read or names no Main-Class
     */
    public List<String> templateCommand(String agentArgs, List<String> engineOptions, List<String> args,
                                        int jdkVersion) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(checkpointOptions(jdkVersion));
        cmd.addAll(engineOptions);
        cmd.add("-Djffi.boot.library.path=" + jffiDir);
        if (tool == null) {
            cmd.add("-javaagent:" + agentJar + "=" + agentArgs);
        } else {
            // The tool runs as it is; the agent rewrites its main class's main to checkpoint first.
            String main = command.program().form() == JavaCommandLine.Form.JAR
                    ? ToolJar.mainClass(Path.of(command.program().target())) : command.program().target();
            int socketAt = agentArgs.lastIndexOf(",socket=");
            cmd.add("-javaagent:" + agentJar + "=" + agentArgs.substring(0, socketAt) + tool.agentArgs(main)
                    + agentArgs.substring(socketAt));
        }
        cmd.addAll(userOptions());
        cmd.addAll(command.program().words());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The user's launcher options; for a source file, with the agent on the class path too: a
     * {@code -javaagent} jar is visible at run time but not to the source launcher's compiler.
     */
    List<String> userOptions() {
        List<String> options = new ArrayList<>(command.options());
        if (command.program().form() != JavaCommandLine.Form.SOURCE_FILE) {
            return options;
        }
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            if ((o.equals("-cp") || o.equals("-classpath") || o.equals("--class-path")) && i + 1 < options.size()) {
                options.set(i + 1, options.get(i + 1) + ":" + agentJar);
                return options;
            }
            if (o.startsWith("--class-path=")) {
                options.set(i, o + ":" + agentJar);
                return options;
            }
        }
        options.add(0, "-cp");
        options.add(1, agentJar.toString());
        return options;
    }

    /** The command line of an un-accelerated run: the agent only puts Prefork on the class path. */
    public List<String> plainCommand(List<String> args) {
        List<String> cmd = localCommand(STANDALONE);
        cmd.addAll(args);
        return cmd;
    }

    /** The command line exactly as given (after a script's preparation), with these arguments. */
    public List<String> asGivenCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(command.options());
        cmd.addAll(command.program().words());
        cmd.addAll(args);
        return cmd;
    }

    /** The agent argument of a plain run. */
    public static final String STANDALONE = "standalone";

    /**
     * The command line (without the program's arguments) of a call that runs the program itself,
     * with the agent in the mode {@code agentArgs}: {@link #STANDALONE}, or the first-call mode
     * ({@code org.jprefork.internal.FirstCall}).
     */
    public List<String> localCommand(String agentArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-javaagent:" + agentJar + "=" + agentArgs);
        cmd.addAll(userOptions());
        cmd.addAll(command.program().words());
        return cmd;
    }
}
