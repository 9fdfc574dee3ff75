package org.jprefork.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * jprefork(1), in roff, from the same picocli model that parses the command line, so the man page
 * lists exactly the options and commands there are. The build writes target/man/jprefork.1 with
 * {@link #main}; {@code jprefork generate-man-page} prints it.
 */
public final class ManPage {
    private static final String[][] EXIT_STATUS = {
        {"0..255", "the program's own exit status, or the client dies of the program's INT, TERM, HUP, PIPE or KILL"},
        {"1", "jprefork doctor: no usable CRIU (calls run without checkpoints); jprefork logs: no log"},
        {"2", "a bad jprefork command line (a one-line message says why)"},
        {"120", "jprefork could not serve the call (pool manager or engine failure): jprefork logs shows why"},
        {"121", "the agent in the program could not checkpoint or take on the call"},
        {"127", "the interpreter was not found, or the program died of another signal"},
    };
    private static final String[][] ENVIRONMENT = {
        {"JPREFORK_RUN_DIR", "the run directory (sockets, locks, images, logs); default $XDG_RUNTIME_DIR/jprefork, "
                + "else /run/user/UID/jprefork, else ~/.jprefork/HOST"},
        {"JPREFORK_CRIU", "the criu binary to use first"},
        {"JPREFORK_CACHE_DIR", "jprefork's cache (a provisioned criu, native libraries); default ~/.cache/jprefork"},
        {"JPREFORK_HOME", "where an installed jprefork keeps its jars and criu"},
        {"JPREFORK_LOG_MAX_BYTES", "size at which a pool manager's log is rotated; default 1048576"},
        {"JPREFORK_MANAGER_JAVA_OPTIONS", "extra JVM options for pool managers"},
        {"JPREFORK_JAVA_LAUNCHER", "for the native client: the Java launcher it hands over to"},
    };

    private ManPage() {
    }

    /** Writes the man page to the file named by the only argument. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(Main.commandLine(new JpreforkCommand())), StandardCharsets.UTF_8);
    }

    static String render(CommandLine root) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        CommandSpec spec = root.getCommandSpec();
        w.println(".TH JPREFORK 1 \"\" \"" + escape(new Versions().getVersion()[0]) + "\" \"User Commands\"");
        w.println(".SH NAME");
        w.println("jprefork \\- run a Java program from a checkpoint taken after its initialisation");
        w.println(".SH SYNOPSIS");
        w.println(".B jprefork");
        w.println("[\\fIOPTIONS\\fR] \\fIJAVA\\fR [\\fIJAVA\\-OPTIONS\\fR] \\fIPROGRAM\\fR [\\fIARGS\\fR...]");
        w.println(".br");
        w.println(".B jprefork");
        w.println("\\fICOMMAND\\fR [\\fIARGS\\fR...]");
        w.println(".SH DESCRIPTION");
        paragraphs(w, List.of(spec.usageMessage().description()));
        paragraphs(w, List.of(spec.usageMessage().footer()));
        w.println(".SH OPTIONS");
        options(w, spec);
        w.println(".SH COMMANDS");
        w.println("A command is recognised as the first word only.");
        for (CommandLine sub : root.getSubcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.usageMessage().hidden()) {
                continue;
            }
            w.println(".SS \"" + escape(synopsis(sub)) + "\"");
            paragraphs(w, List.of(s.usageMessage().description()));
            for (PositionalParamSpec p : s.positionalParameters()) {
                w.println(".TP");
                w.println("\\fI" + escape(p.paramLabel()) + "\\fR");
                w.println(escape(String.join(" ", p.description())));
            }
            options(w, s);
        }
        table(w, "EXIT STATUS", EXIT_STATUS);
        table(w, "ENVIRONMENT", ENVIRONMENT);
        w.println(".SH SEE ALSO");
        w.println("criu(8), java(1); docs/cli.md and docs/troubleshooting.md in jprefork's source");
        w.flush();
        return text.toString();
    }

    private static String synopsis(CommandLine sub) {
        Help help = new Help(sub.getCommandSpec(), Help.defaultColorScheme(Help.Ansi.OFF));
        return help.synopsis(0).replaceAll("\\s+", " ").trim();
    }

    private static void options(PrintWriter w, CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            w.println(".TP");
            String label = o.typeInfo().isBoolean() ? "" : " \\fI" + escape(o.paramLabel()) + "\\fR";
            w.println("\\fB" + escape(String.join(", ", o.names())) + "\\fR" + label);
            String d = String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue()));
            w.println(escape(d));
        }
    }

    private static void paragraphs(PrintWriter w, List<String> lines) {
        for (String line : lines) {
            if (!line.isBlank()) {
                w.println(".PP");
                w.println(escape(line));
            }
        }
    }

    private static void table(PrintWriter w, String section, String[][] rows) {
        w.println(".SH " + section);
        for (String[] row : rows) {
            w.println(".TP");
            w.println("\\fB" + escape(row[0]) + "\\fR");
            w.println(escape(row[1]));
        }
    }

    /** roff: backslashes and hyphens escaped; a line must not start with '.' or '\''. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
