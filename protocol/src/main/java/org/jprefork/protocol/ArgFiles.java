package org.jprefork.protocol;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Expands {@code @argfiles} among java launcher words as the java launcher does (JDK 9 and
 * later, args.c): a word {@code @FILE} before the program stands for the words in FILE (white
 * space separated, {@code '...'}/{@code "..."} quoting with backslash escapes inside quotes,
 * {@code #} comments to the end of the line, a backslash at a line end inside quotes joining
 * lines); {@code @@word} is the word {@code @word}; expansion stops at the program (words after it
 * are its arguments) and after {@code --disable-@files}. Expanding before the ident puts what
 * the files say into it, and the template then gets the same words: the JVM sees no difference.
 */
public final class ArgFiles {
    /** Launcher options whose value is the next word (JLI's IsWhiteSpaceOption). */
    private static final Set<String> WITH_VALUE = Set.of(
            "-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path",
            "--add-modules", "--limit-modules", "--add-reads", "--add-exports", "--add-opens",
            "--patch-module", "--source", "--enable-native-access", "--describe-module", "-d");

    private ArgFiles() {
    }

    /**
     * The launcher words with each {@code @FILE} before the program replaced by its words; FILE
     * is relative to {@code cwd} and read in {@code cs} (the platform's, as the launcher reads
     * bytes).
     *
     * @throws IllegalArgumentException (one line) when a file cannot be read
     */
    public static List<String> expand(List<String> words, Path cwd, Charset cs) {
        List<String> out = new ArrayList<>();
        Scan scan = new Scan();
        for (String w : words) {
            if (scan.programFound || scan.stopped || !w.startsWith("@") || w.equals("@")) {
                scan.check(w);
                out.add(w);
            } else if (w.startsWith("@@")) {
                scan.check(w.substring(1));
                out.add(w.substring(1));
            } else {
                for (String t : tokens(read(cwd.resolve(w.substring(1)), w, cs))) {
                    scan.check(t);
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Whether any word before the program is an @argfile (the native client leaves those to Java). */
    public static boolean present(List<String> words) {
        Scan scan = new Scan();
        for (String w : words) {
            if (!scan.programFound && !scan.stopped && w.startsWith("@") && !w.equals("@")) {
                return true;
            }
            scan.check(w);
        }
        return false;
    }

    private static String read(Path file, String word, Charset cs) {
        try {
            return new String(Files.readAllBytes(file), cs);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the java argument file " + word + ": "
                    + (e.getMessage() == null ? e : e.getMessage()));
        }
    }

    /** args.c's nextToken, over a whole file. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder token = null;
        char quote = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < n) {
                    char e = text.charAt(++i);
                    if (e == '\n' || e == '\r') {
                        // a continued line: skip the next line's leading white space
                        while (i + 1 < n && JvmOptionWords.isSpace(text.charAt(i + 1))) {
                            i++;
                        }
                    } else {
                        token.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'f' -> '\f';
                            default -> e;
                        });
                    }
                } else if (c == '\n' || c == '\r') {
                    out.add(token.toString()); // a quote ends with its line
                    token = null;
                    quote = 0;
                } else {
                    token.append(c);
                }
            } else if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r') {
                if (token != null) {
                    out.add(token.toString());
                    token = null;
                }
            } else if (c == '#') {
                // to the end of the line; as in args.c, a word it interrupts is dropped
                token = null;
                while (i + 1 < n && text.charAt(i + 1) != '\n' && text.charAt(i + 1) != '\r') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                token = token == null ? new StringBuilder() : token;
                quote = c;
            } else {
                token = token == null ? new StringBuilder() : token;
                token.append(c);
            }
        }
        if (token != null && token.length() > 0) {
            out.add(token.toString());
        }
        return out;
    }

    /** args.c's checkArg: finds where the program is, after which nothing is expanded. */
    private static final class Scan {
        boolean expectingValue;
        boolean programFound;
        boolean stopped;

        void check(String w) {
            if (programFound) {
                return;
            }
            if (w.startsWith("-")) {
                // After -jar, -m and --module the next word is the program itself.
                expectingValue = WITH_VALUE.contains(w);
                if (w.equals("--disable-@files")) {
                    stopped = true;
                } else if (w.startsWith("--module=")) {
                    programFound = true;
                }
            } else {
                programFound = !expectingValue;
                expectingValue = false;
            }
        }
    }
}
