package org.jprefork.launcher;

import java.io.IOException;
import java.util.List;
import org.jprefork.protocol.ExitCodes;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The {@code jprefork} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] argv) {
        try {
            // Before any native call: jffi must load its library from a stable path (see JpreforkHome).
            System.setProperty("jffi.boot.library.path",
                    new JpreforkHome(System.getenv()).jffiLibraryDir().toString());
        } catch (IOException e) {
            System.err.println("jprefork: " + e.getMessage());
            System.exit(ExitCodes.SERVER_FAILED);
        }
        List<String> words = CommaForm.expand(argv);
        JpreforkCommand command = new JpreforkCommand();
        command.commandLine = words;
        System.exit(commandLine(command).execute(words.toArray(String[]::new)));
    }

    /** The command line parser, configured as prefork-interp's command line needs. */
    static CommandLine commandLine(JpreforkCommand command) {
        CommandLine cl = new CommandLine(command);
        // Commands are added before the settings below, which then apply to them too.
        cl.addSubcommand(new StatusCommand())
                .addSubcommand(new KillCommand())
                .addSubcommand(new FreshCommand())
                .addSubcommand(new GcCommand())
                .addSubcommand(new LogsCommand())
                .addSubcommand(new DoctorCommand())
                .addSubcommand(new CommandLine.HelpCommand())
                .addSubcommand(new AutoComplete.GenerateCompletion())
                .addSubcommand(new ManPageCommand());
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setStopAtPositional(true);
        // Only the interpreter and fresh's SCRIPT end jprefork's options; the other commands take
        // their options anywhere.
        for (String name : List.of("status", "kill", "gc", "logs", "doctor")) {
            cl.getSubcommands().get(name).setStopAtPositional(false);
        }
        // These take the words of a call (-U java -cp X Main): options of jprefork and java
        // unknown to the command are such words, not errors.
        for (String name : List.of("status", "kill", "fresh", "logs")) {
            cl.getSubcommands().get(name).setUnmatchedOptionsArePositionalParams(true);
        }
        return cl
                // -E and -G may repeat; each occurrence adds to the ident, in order.
                .setOverwrittenOptionsAllowed(true)
                // "@file" words are the program's own arguments, never jprefork's to expand.
                .setExpandAtFiles(false)
                .setExecutionStrategy(Main::execute)
                .setParameterExceptionHandler((ex, args) -> usageError(ex.getCommandLine(), ex.getMessage()))
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    System.err.println("jprefork: " + ex.getMessage());
                    return ExitCodes.SERVER_FAILED;
                });
    }

    /**
     * A command is only a command as the first word: after jprefork's options, a word is the
     * interpreter, as it is for the native client (which hands such command lines over).
     */
    private static int execute(ParseResult parsed) {
        if (parsed.hasSubcommand() && !parsed.originalArgs().get(0).equals(parsed.subcommand().commandSpec().name())) {
            return usageError(parsed.commandSpec().commandLine(), "'" + parsed.subcommand().commandSpec().name()
                    + "' is a jprefork command: put it first, or name an interpreter by its path");
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int usageError(CommandLine where, String message) {
        System.err.println("jprefork: " + message + " (see " + where.getCommandSpec().qualifiedName() + " --help)");
        return ExitCodes.USAGE;
    }
}
