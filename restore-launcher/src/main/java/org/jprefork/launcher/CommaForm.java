package org.jprefork.launcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code #!} form: Linux passes everything after the interpreter path on a {@code #!} line as
 * one argument, so {@code #!/usr/bin/jprefork -U,java,-Xmx256m} arrives as the single word
 * {@code -U,java,-Xmx256m}, followed by the script path and the caller's arguments. A first word
 * that starts with '-' and contains a comma is split at the commas (as prefork-interp does).
 */
public final class CommaForm {
    private CommaForm() {
    }

    public static List<String> expand(String[] argv) {
        List<String> words = new ArrayList<>();
        if (argv.length > 0 && argv[0].startsWith("-") && argv[0].contains(",")) {
            for (String w : argv[0].split(",", -1)) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            words.addAll(Arrays.asList(argv).subList(1, argv.length));
        } else {
            words.addAll(Arrays.asList(argv));
        }
        return words;
    }
}
