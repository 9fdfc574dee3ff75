package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsAsAShellQuotes() {
        assertEquals(List.of("-e", "nil"), ShellWords.split("-e nil"));
        assertEquals(List.of("-e", "puts 1"), ShellWords.split("  -e  'puts 1' "));
        assertEquals(List.of("a\"b", "c d", "e$f"), ShellWords.split("a\\\"b \"c d\" \"e\\$f\""));
        assertEquals(List.of("", "x"), ShellWords.split("'' x"));
        assertEquals(List.of("it's"), ShellWords.split("it\\'s"));
        assertEquals(List.of(), ShellWords.split(" \t"));
    }

    @Test
    void refusesWhatAShellWouldNotFinish() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("'open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"open"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("end\\"));
    }
}
