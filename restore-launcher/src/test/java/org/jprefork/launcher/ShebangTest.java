package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShebangTest {
    @Test
    void theKernelPassesOneWordAfterTheInterpreter() {
        assertEquals(List.of("-U,java,-Xmx256m", "./r.java"),
                Shebang.fromLine("#!/usr/local/bin/jprefork  -U,java,-Xmx256m  ", "./r.java"));
    }

    @Test
    void envDashSSplitsItsWord() {
        assertEquals(List.of("-U", "java", "-Xmx64m", "r.java"),
                Shebang.fromLine("#! /usr/bin/env -S jprefork -U java\t-Xmx64m", "r.java"));
        assertEquals(List.of("-U", "java", "r.java"), Shebang.fromLine("#!/usr/bin/env -Sjprefork-java -U java", "r.java"));
    }

    @Test
    void aScriptWithoutArgumentsToJpreforkGetsOnlyItsPath() {
        assertEquals(List.of("r.java"), Shebang.fromLine("#!/usr/bin/jprefork", "r.java"));
        assertEquals(List.of("r.java"), Shebang.fromLine("#!/usr/bin/env jprefork", "r.java"));
    }

    @Test
    void otherInterpretersAndFilesAreRefusedWithTheReason() {
        String java = assertThrows(IllegalArgumentException.class,
                () -> Shebang.fromLine("#!/usr/bin/env -S java --source 17", "r.java")).getMessage();
        assertTrue(java.contains("not a jprefork script (its #! line runs java)"), java);
        String plain = assertThrows(IllegalArgumentException.class,
                () -> Shebang.fromLine("import x;", "r.java")).getMessage();
        assertEquals("r.java is not a #! script", plain);
        String quoted = assertThrows(IllegalArgumentException.class,
                () -> Shebang.fromLine("#!/usr/bin/env -S jprefork -U -G 'a b' java", "r.java")).getMessage();
        assertTrue(quoted.contains("quoting"), quoted);
    }
}
