package org.jprefork.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of {@code JAVA_TOOL_OPTIONS}, {@code _JAVA_OPTIONS} and {@code JDK_JAVA_OPTIONS}, split
 * as the JVM (arguments.cpp) and the java launcher (args.c) split them: white space separates
 * words, {@code '...'} and {@code "..."} group (the quotes are dropped), there are no escapes.
 */
public final class JvmOptionWords {
    /** The variables, in the order plain java reads them (and prints "Picked up" lines). */
    public static final List<String> VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private JvmOptionWords() {
    }

    /** The words of a variable's value; null for an unmatched quote, which the JVM refuses. */
    public static List<String> split(String value) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && isSpace(value.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            StringBuilder w = new StringBuilder();
            while (i < n && !isSpace(value.charAt(i))) {
                char c = value.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = value.indexOf(c, i + 1);
                    if (end < 0) {
                        return null;
                    }
                    w.append(value, i + 1, end);
                    i = end + 1;
                } else {
                    w.append(c);
                    i++;
                }
            }
            words.add(w.toString());
        }
        return words;
    }

    /** C's isspace in the C locale, which both readers use. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
