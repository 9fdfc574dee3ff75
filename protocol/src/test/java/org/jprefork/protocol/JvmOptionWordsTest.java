package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOptionWordsTest {
    @Test
    void splitsAsTheJvmDoes() {
        assertEquals(List.of("-Dfoo=a b", "-Xmx64m", "-Dq=it\"s"),
                JvmOptionWords.split("  '-Dfoo=a b'\t-Xmx64m\n-Dq='it\"s'  "));
        assertEquals(List.of("-Dx=ab c"), JvmOptionWords.split("-Dx=a\"b c\""));
        assertEquals(List.of(), JvmOptionWords.split(""));
        assertEquals(List.of("a\\b"), JvmOptionWords.split("a\\b"), "no escapes");
    }

    @Test
    void anUnmatchedQuoteIsNoWords() {
        assertNull(JvmOptionWords.split("-Dx='a b"));
    }
}
