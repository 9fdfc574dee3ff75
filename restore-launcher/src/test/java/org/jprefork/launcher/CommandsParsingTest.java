package org.jprefork.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jprefork.protocol.ExitCodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Commands as the first word, and calls as before: how the two share one command line. */
class CommandsParsingTest {
    private static ParseResult parse(String... args) {
        return Main.commandLine(new JpreforkCommand()).parseArgs(args);
    }

    /** Runs the command line; returns the exit status and what went to stderr. */
    private static Object[] execute(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Main.commandLine(new JpreforkCommand()).execute(args);
            return new Object[] {status, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aCommandWordFirstIsACommand() {
        ParseResult r = parse("kill", "--all");
        assertInstanceOf(KillCommand.class, r.subcommand().commandSpec().userObject());
        assertTrue(((KillCommand) r.subcommand().commandSpec().userObject()).all);
    }

    @Test
    void aCommandWordAfterTheInterpreterIsTheProgramsArgument() {
        JpreforkCommand c = new JpreforkCommand();
        ParseResult r = Main.commandLine(c).parseArgs("-U", "java", "X.java", "kill", "gc");
        assertNull(r.subcommand());
        assertEquals("java", c.java);
        assertEquals(List.of("X.java", "kill", "gc"), c.words);
    }

    @Test
    void optionsOfKillAndLogsMayFollowTheirArgument() {
        LogsCommand logs = (LogsCommand) parse("logs", "abc", "--path").subcommand().commandSpec().userObject();
        assertEquals(List.of("abc"), logs.target);
        assertTrue(logs.pathOnly);
    }

    @Test
    void statusKillAndLogsTakeTheWordsOfACallWithTheirOwnOptionsAnywhere() {
        LogsCommand logs = (LogsCommand) parse("logs", "-U", "-E", "V", "java", "-cp", "X", "Main", "--path")
                .subcommand().commandSpec().userObject();
        assertEquals(List.of("-U", "-E", "V", "java", "-cp", "X", "Main"), logs.target);
        assertTrue(logs.pathOnly);
        StatusCommand status = (StatusCommand) parse("status", "--json", "-U", "java", "-Xmx64m", "X.java")
                .subcommand().commandSpec().userObject();
        assertEquals(List.of("-U", "java", "-Xmx64m", "X.java"), status.target);
        assertTrue(status.json);
        KillCommand kill = (KillCommand) parse("kill", "-U", "java", "-jar", "app.jar").subcommand().commandSpec()
                .userObject();
        assertEquals(List.of("-U", "java", "-jar", "app.jar"), kill.target);
        FreshCommand fresh = (FreshCommand) parse("fresh", "-U", "java", "X.java", "a").subcommand().commandSpec()
                .userObject();
        assertEquals("-U", fresh.script);
        assertEquals(List.of("java", "X.java", "a"), fresh.args);
    }

    @Test
    void freshPassesEverythingAfterTheScriptToIt() {
        FreshCommand f = (FreshCommand) parse("fresh", "./x.java", "--all", "-U", "--", "y")
                .subcommand().commandSpec().userObject();
        assertEquals("./x.java", f.script);
        assertEquals(List.of("--all", "-U", "--", "y"), f.args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kill", "kill --all abc", "kill a b", "-U kill", "-U,kill", "gc --keep -1", "gc --keep x",
        "logs --frobnicate", "logs --path", "fresh", "doctor extra", "", "logs java -cp X Main",
        "status -U -cp X", "kill -U java"})
    void badCommandLinesAreOneLineAndStatus2(String line) {
        String[] args = line.isEmpty() ? new String[0] : CommaForm.expand(line.split(" ")).toArray(String[]::new);
        Object[] r = execute(args);
        String err = (String) r[1];
        assertEquals(ExitCodes.USAGE, r[0], err);
        assertTrue(err.startsWith("jprefork: "), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void theUsageErrorNamesTheCommandsHelp() {
        String err = (String) execute("kill")[1];
        assertTrue(err.endsWith("(see jprefork kill --help)\n"), err);
    }

    @Test
    void everyCommandIsInTheHelpAndCompletionIsNotHidden() {
        String help = Main.commandLine(new JpreforkCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String name : List.of("kill", "fresh", "gc", "logs", "doctor", "help", "generate-completion")) {
            assertTrue(help.contains("\n  " + name + " "), name + " missing from:\n" + help);
        }
        assertTrue(!help.contains("generate-man-page"), help);
    }
}
