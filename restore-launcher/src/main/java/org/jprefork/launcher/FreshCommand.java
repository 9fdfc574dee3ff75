package org.jprefork.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jprefork fresh SCRIPT [ARGS...]}: runs a #! script as its #! line says, with {@code -f}
 * added, so the call starts a fresh pool (replacing the running one).
 */
@Command(name = "fresh", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Runs a #! script, or a call given by its words, with a fresh pool (as jprefork -f).",
            "The running pool, if any, is replaced after its calls finish; this call builds a new checkpoint."})
final class FreshCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "SCRIPT", description = "A #! script whose #! line runs jprefork; "
            + "or, with ARGS, the words of a call (-U java -cp X Main ARGS...).")
    String script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The script's arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> all = new ArrayList<>(List.of(script));
        all.addAll(args);
        if (PoolTarget.areCallWords(all, cwd)) {
            // The words of a call: the same call with -f.
            List<String> argv = new ArrayList<>(List.of("-f"));
            argv.addAll(CommaForm.expand(all.toArray(String[]::new)));
            return Main.commandLine(new JpreforkCommand()).execute(argv.toArray(String[]::new));
        }
        List<String> words;
        try {
            words = Shebang.words(cwd.resolve(script), script);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage() + "; for a command line use jprefork -f -U java ...");
        } catch (java.nio.file.NoSuchFileException e) {
            throw usage("no such script: " + script);
        }
        words.addAll(args);
        List<String> argv = new ArrayList<>(List.of("-f"));
        argv.addAll(CommaForm.expand(words.toArray(String[]::new)));
        JpreforkCommand command = new JpreforkCommand();
        command.commandLine = argv;
        return Main.commandLine(command).execute(argv.toArray(String[]::new));
    }
}
