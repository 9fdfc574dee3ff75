package org.jprefork.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words as a POSIX shell does for quoting: blanks separate words,
 * 'single quotes' keep everything, "double quotes" keep everything but \" \\ \$ \`, and a
 * backslash outside quotes keeps the next character. No expansion of any kind.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** @throws IllegalArgumentException for an unterminated quote or a trailing backslash */
    public static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in: " + s);
                }
                w.append(s, i + 1, end);
                i = end;
            } else if (c == '"') {
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char d = s.charAt(i);
                    if (d == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                        d = s.charAt(++i);
                    }
                    w.append(d);
                    i++;
                }
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated \" in: " + s);
                }
            } else if (c == '\\') {
                if (i + 1 >= s.length()) {
                    throw new IllegalArgumentException("trailing \\ in: " + s);
                }
                w.append(s.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
