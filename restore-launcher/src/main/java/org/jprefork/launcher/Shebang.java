package org.jprefork.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The jprefork command line that running a {@code #!} script produces: the kernel passes
 * everything after the interpreter path as one word, then the script path as it was called;
 * {@code /usr/bin/env -S} splits its word at whitespace first. The ident of a script's pool
 * depends on these words (and the working directory), so commands that name a script use them.
 */
final class Shebang {
    /** Linux reads at most this much of a #! line (BINPRM_BUF_SIZE, since 5.1). */
    private static final int MAX_LINE = 256;

    private Shebang() {
    }

    /** The jprefork words (without jprefork itself) of running {@code file} called as {@code script}. */
    static List<String> words(Path file, String script) throws IOException {
        return fromLine(firstLine(file), script);
    }

    /** The words for a given first line. */
    static List<String> fromLine(String firstLine, String script) {
        if (!firstLine.startsWith("#!")) {
            throw new IllegalArgumentException(script + " is not a #! script");
        }
        String rest = firstLine.substring(2).strip();
        int gap = indexOfBlank(rest);
        String command = gap < 0 ? rest : rest.substring(0, gap);
        String arg = gap < 0 ? "" : rest.substring(gap).strip();
        List<String> words = new ArrayList<>();
        if (baseName(command).equals("env")) {
            List<String> split = envSplit(arg, script);
            if (split.isEmpty()) {
                throw new IllegalArgumentException(script + "'s #! line runs env without a command");
            }
            command = split.get(0);
            words.addAll(split.subList(1, split.size()));
        } else if (!arg.isEmpty()) {
            words.add(arg);
        }
        String name = baseName(command);
        if (!name.equals("jprefork") && !name.equals("jprefork-java")) {
            throw new IllegalArgumentException(script + " is not a jprefork script (its #! line runs " + command + ")");
        }
        words.add(script);
        return words;
    }

    /** env's own word: "-S a b c" (or "-Sa b c") is split; anything else is one command word. */
    private static List<String> envSplit(String arg, String script) {
        if (!arg.startsWith("-S")) {
            return arg.isEmpty() ? List.of() : List.of(arg);
        }
        String s = arg.substring(2).strip();
        if (s.matches(".*[\"'\\\\$].*")) {
            throw new IllegalArgumentException(script + "'s #! line uses env -S quoting or variables, "
                    + "which jprefork does not interpret; give the pool's ident instead");
        }
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("[ \t]+"));
    }

    private static int indexOfBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String firstLine(Path script) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(script)) {
            head = in.readNBytes(MAX_LINE);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
