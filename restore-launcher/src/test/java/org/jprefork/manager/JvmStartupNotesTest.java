package org.jprefork.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmStartupNotesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theLinesPlainJavaPrintsInItsOrder() {
        List<byte[]> env = List.of(b("PATH=/bin"), b("_JAVA_OPTIONS=-Xmx64m"), b("JAVA_TOOL_OPTIONS="),
                b("JDK_JAVA_OPTIONS=-Dfoo=jdk"), b("JAVA_TOOL_OPTIONS=second, ignored as by getenv"));
        assertEquals("NOTE: Picked up JDK_JAVA_OPTIONS: -Dfoo=jdk\nPicked up JAVA_TOOL_OPTIONS: \n"
                + "Picked up _JAVA_OPTIONS: -Xmx64m\n", new String(JvmStartupNotes.of(env), StandardCharsets.UTF_8));
    }

    @Test
    void valuesAreTheirBytesAndNoneIsNothing() {
        byte[] latin1 = {'J', 'A', 'V', 'A', '_', 'T', 'O', 'O', 'L', '_', 'O', 'P', 'T', 'I', 'O', 'N', 'S', '=', (byte) 0xfc};
        byte[] expected = new byte[30];
        System.arraycopy(b("Picked up JAVA_TOOL_OPTIONS: "), 0, expected, 0, 29);
        expected[29] = (byte) 0xfc;
        assertArrayEquals(concat(expected, b("\n")), JvmStartupNotes.of(List.of(latin1)));
        assertEquals(0, JvmStartupNotes.of(List.of(b("PATH=/bin"), b("JAVA_TOOL_OPTIONSX=1"))).length);
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = new byte[a.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
