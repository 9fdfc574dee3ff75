package org.jprefork.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcatPrelinkTest {

    /** Compiled at test time: this module's own classes are compiled without invokedynamic. */
    private static final String SOURCE = """
            class Concatenations {
                static String withTypes(String s, int i, Object o, java.util.List<?> l, char c) {
                    return "s=" + s + " i=" + i + " o=" + o + " l=" + l + " c=" + c;
                }

                static String noConstants(String a, long b) {
                    return a + b;
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void findsEachConcatenationWithItsRecipe() throws Exception {
        Set<ConcatPrelink.Shape> shapes = ConcatPrelink.shapesIn(compiled());
        // javac 17 passes objects as String.valueOf's String; other types would be linked as Object.
        assertEquals(Set.of(
                new ConcatPrelink.Shape(MethodType.methodType(String.class, String.class, int.class, String.class,
                        String.class, char.class), "s=\u0001 i=\u0001 o=\u0001 l=\u0001 c=\u0001", List.of()),
                new ConcatPrelink.Shape(MethodType.methodType(String.class, String.class, long.class),
                        "\u0001\u0001", List.of())), shapes);
    }

    @Test
    void linksAndRunsEachShapeOnNullsAndZeros() throws Exception {
        for (ConcatPrelink.Shape s : ConcatPrelink.shapesIn(compiled())) {
            assertTrue(ConcatPrelink.link(s), s.toString());
        }
    }

    @Test
    void aShapeTheJdkRefusesIsSkipped() {
        // Two argument tags for one argument.
        assertFalse(ConcatPrelink.link(new ConcatPrelink.Shape(
                MethodType.methodType(String.class, int.class), "\u0001\u0001", List.of())));
    }

    private byte[] compiled() throws Exception {
        Path source = tmp.resolve("Concatenations.java");
        Files.writeString(source, SOURCE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", tmp.toString(), source.toString());
        assertEquals(0, rc, "javac failed");
        return Files.readAllBytes(tmp.resolve("Concatenations.class"));
    }
}
