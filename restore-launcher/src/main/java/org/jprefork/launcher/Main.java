package org.jprefork.launcher;

import java.io.IOException;
import org.jprefork.protocol.ExitCodes;
import picocli.CommandLine;

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
        System.exit(commandLine(new JpreforkCommand()).execute(CommaForm.expand(argv).toArray(String[]::new)));
    }

    /** The command line parser, configured as prefork-interp's command line needs. */
    static CommandLine commandLine(JpreforkCommand command) {
        return new CommandLine(command)
                .setStopAtPositional(true)
                // -E and -G may repeat; each occurrence adds to the ident, in order.
                .setOverwrittenOptionsAllowed(true)
                // "@file" words are the program's own arguments, never jprefork's to expand.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler((ex, args) -> JpreforkCommand.usageError(ex.getMessage()))
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    System.err.println("jprefork: " + ex.getMessage());
                    return ExitCodes.SERVER_FAILED;
                });
    }
}
