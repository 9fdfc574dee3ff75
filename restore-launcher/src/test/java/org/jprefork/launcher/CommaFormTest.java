package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommaFormTest {
    @Test
    void hashBangWordIsSplit() {
        assertEquals(List.of("-U", "java", "-Xmx256m", "./Report.java", "a,b"),
                CommaForm.expand(new String[] {"-U,java,-Xmx256m", "./Report.java", "a,b"}));
    }

    @Test
    void ordinaryCommandLinesAreLeftAlone() {
        assertEquals(List.of("-U", "java", "-Dx=a,b", "X.java"),
                CommaForm.expand(new String[] {"-U", "java", "-Dx=a,b", "X.java"}));
        assertEquals(List.of("java,x"), CommaForm.expand(new String[] {"java,x"}));
    }
}
