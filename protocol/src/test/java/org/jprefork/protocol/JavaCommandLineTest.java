package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.jprefork.protocol.JavaCommandLine.Form;
import org.junit.jupiter.api.Test;

class JavaCommandLineTest {
    @Test
    void sourceFileWithOptions() {
        JavaCommandLine c = JavaCommandLine.parse(List.of("-Xmx256m", "Report.java", "a", "-b"));
        assertEquals(List.of("-Xmx256m"), c.options());
        assertEquals(Form.SOURCE_FILE, c.program().form());
        assertEquals(List.of("a", "-b"), c.args());
    }

    @Test
    void classPathValueIsNotTheProgram() {
        JavaCommandLine c = JavaCommandLine.parse(List.of("-cp", "a.jar:b", "-Dx=1", "com.x.Main", "arg"));
        assertEquals(Form.MAIN_CLASS, c.program().form());
        assertEquals("com.x.Main", c.program().target());
        assertEquals(Optional.of("a.jar:b"), c.classPath());
        assertEquals(List.of("-cp", "a.jar:b", "-Dx=1", "com.x.Main"), c.programWords());
    }

    @Test
    void jarAndModuleForms() {
        JavaCommandLine jar = JavaCommandLine.parse(List.of("-jar", "app.jar", "x"));
        assertEquals(Form.JAR, jar.program().form());
        assertEquals(List.of("x"), jar.args());
        JavaCommandLine mod = JavaCommandLine.parse(List.of("-p", "mods", "--module=m/x.Main"));
        assertEquals(Form.MODULE, mod.program().form());
        assertEquals("m/x.Main", mod.program().target());
    }

    @Test
    void sourceOptionMakesAnyFileASource() {
        assertEquals(Form.SOURCE_FILE, JavaCommandLine.parse(List.of("--source", "17", "script")).program().form());
    }

    @Test
    void noProgramIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaCommandLine.parse(List.of("-Xmx1g")));
        assertEquals("no program given to java: expected Script.java, MainClass, -jar app.jar or -m module",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JavaCommandLine.parse(List.of("-cp")));
    }
}
