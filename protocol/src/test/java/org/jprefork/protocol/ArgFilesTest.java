package org.jprefork.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgFilesTest {
    @TempDir
    Path dir;

    private List<String> expand(String... words) {
        return ArgFiles.expand(List.of(words), dir, StandardCharsets.UTF_8);
    }

    @Test
    void aFileBeforeTheProgramStandsForItsWords() throws Exception {
        Files.writeString(dir.resolve("opts"), "-cp /opt/app.jar # the class path\n'-Dgreeting=hello there'\ncom.x.Main first\n");
        assertEquals(List.of("-Xmx1g", "-cp", "/opt/app.jar", "-Dgreeting=hello there", "com.x.Main", "first", "@opts"),
                expand("-Xmx1g", "@opts", "@opts"));
    }

    @Test
    void escapesStopAndWordsAfterTheProgramStayAsGiven() throws Exception {
        Files.writeString(dir.resolve("o"), "-Dx=1");
        assertEquals(List.of("-cp", "@o", "Main"), expand("-cp", "@@o", "Main"), "@@ is a literal @");
        assertEquals(List.of("--disable-@files", "@o", "Main"), expand("--disable-@files", "@o", "Main"));
        assertEquals(List.of("-jar", "/a.jar", "@o"), expand("-jar", "/a.jar", "@o"));
        assertEquals(List.of("-Dx=1", "-jar", "/a.jar"), expand("@o", "-jar", "/a.jar"));
        assertEquals(List.of("@", "Main"), expand("@", "Main"));
    }

    @Test
    void quotesAndEscapesAsTheLauncherReadsThem() {
        assertEquals(List.of("-version", "-cp", "c:\\java libs\\one.jar"),
                ArgFiles.tokens("-version -cp \"c:\\\\java libs\\\\one.jar\" \n"));
        assertEquals(List.of("line", "one", "line #2", "line", "4"),
                ArgFiles.tokens("line one #comment\n'line #2' #rest are comment\r\n#comment on line 3\nline 4 #comment to eof"));
        assertEquals(List.of("Open quote to ", "new", "line third\tand\ffourth"),
                ArgFiles.tokens("\"Open quote to \n  new \"line \\\n\r   third\\\n\r\\\tand\ffourth\""));
    }

    @Test
    void anUnreadableFileIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> expand("@missing", "Main"));
        assertTrue(e.getMessage().startsWith("cannot read the java argument file @missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void presentOnlyBeforeTheProgram() {
        assertTrue(ArgFiles.present(List.of("-Xmx1g", "@opts", "Main")));
        assertFalse(ArgFiles.present(List.of("Main", "@arg")));
        assertFalse(ArgFiles.present(List.of("@", "Main")));
    }
}
