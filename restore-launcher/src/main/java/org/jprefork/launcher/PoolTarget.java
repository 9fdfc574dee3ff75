package org.jprefork.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.rundir.RunDir;
import org.jprefork.rundir.RunDirListing;
import picocli.CommandLine;

/**
 * Which pool a command's words name: the words of a call ({@code -U java -cp X Main}), or a
 * SCRIPT|IDENT word. An existing file is a {@code #!} script: its
 * ident is computed from its #! line, the word as given and the working directory, as running
 * it from here would. Otherwise the word is an ident, or an unambiguous prefix of one present
 * in the run dir (logs and messages show idents in full). As the ident covers the script word as
 * the kernel passed it, {@code x.java}, {@code ./x.java} and its absolute path are tried in turn.
 */
final class PoolTarget {
    private PoolTarget() {
    }

    /** The ident; IllegalArgumentException (a usage error) when the word names none. */
    static String resolve(String word, RunDir runDir, Map<String, String> env, Path cwd) throws IOException {
        if (Files.isRegularFile(cwd.resolve(word))) {
            // The ident covers the script word the kernel passed: "x.java" run as ./x.java (or
            // found on PATH, as /abs/x.java) has another. Take the form whose pool exists.
            Map<String, List<Path>> present = RunDirListing.byIdent(runDir.path());
            List<String> forms = new java.util.ArrayList<>(List.of(word));
            if (!word.contains("/")) {
                forms.add("./" + word);
            }
            forms.add(cwd.resolve(word).normalize().toString());
            String first = null;
            for (String form : forms) {
                String ident = scriptIdent(form, env, cwd);
                if (present.containsKey(ident)) {
                    return ident;
                }
                first = first == null ? ident : first;
            }
            return first;
        }
        if (!RunDirListing.isIdent(word) || word.startsWith(".")) {
            throw new IllegalArgumentException("'" + word + "' is neither a file nor an ident");
        }
        Map<String, List<Path>> idents = RunDirListing.byIdent(runDir.path());
        if (idents.containsKey(word)) {
            return word;
        }
        List<String> matches = idents.keySet().stream().filter(i -> i.startsWith(word)).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException("'" + word + "' is the start of " + matches.size()
                    + " idents; give more of it");
        }
        return matches.isEmpty() ? word : matches.get(0);
    }

    /**
     * The ident that a command's words name: one word, a SCRIPT or an IDENT as above (a script's
     * arguments may follow, and do not count); else the words of a call, as given after
     * {@code jprefork} ({@code -U java -cp X Main}), whose ident is the one the call computes.
     */
    static String resolve(List<String> words, RunDir runDir, Map<String, String> env, Path cwd) throws IOException {
        String first = words.get(0);
        if (!first.startsWith("-") && (words.size() == 1 || isScript(cwd.resolve(first)))) {
            return resolve(first, runDir, env, cwd);
        }
        return commandIdent(words, env, cwd, true);
    }

    /** Whether the words are those of a call rather than a SCRIPT or IDENT (see {@link #resolve(List, RunDir, Map, Path)}). */
    static boolean areCallWords(List<String> words, Path cwd) {
        String first = words.get(0);
        return first.startsWith("-") || (words.size() > 1 && !isScript(cwd.resolve(first)));
    }

    private static boolean isScript(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(p)) {
            return in.read() == '#' && in.read() == '!';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The ident of a call with these words (what follows {@code jprefork}), computed as the call
     * does; {@code asCall}: insisting on -U, as a call does.
     */
    static String commandIdent(List<String> words, Map<String, String> env, Path cwd, boolean asCall)
            throws IOException {
        JpreforkCommand command = new JpreforkCommand();
        try {
            Main.commandLine(command).parseArgs(CommaForm.expand(words.toArray(String[]::new)).toArray(String[]::new));
            if (asCall && !command.unlaundered) {
                throw new IllegalArgumentException("-U is required, as in a call");
            }
            return command.programSpec(cwd).ident(env, cwd);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "' is not a jprefork command line: "
                    + e.getMessage());
        }
    }

    private static String scriptIdent(String script, Map<String, String> env, Path cwd) throws IOException {
        List<String> words;
        try {
            words = Shebang.words(cwd.resolve(script), script);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; for a command line use jprefork --kill -U java "
                    + "..., or name the pool by its ident (jprefork logs lists them)");
        }
        try {
            return commandIdent(words, env, cwd, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(script + "'s #! line: " + e.getMessage());
        }
    }
}
