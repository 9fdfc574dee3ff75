package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signals sent to the client reach the program, as they would reach plain java. */
@RequiresCriu
class SignalForwardingTest {
    @RegisterExtension
    static final Workspace ws = new Workspace();

    @BeforeAll
    static void startPool() throws Exception {
        assertEquals(0, ws.jprefork().run("-U", "java", "Echo.java", "warm-up").exit());
        ws.awaitImage(); // the calls below are served by copies
    }


    /** Starts a call of the "signals" program through CLIENT, waits until it is ready, signals the client. */
    private static String[] signalCall(String client, String signal) throws Exception {
        Process p = ws.jprefork().startWith(client, "-U", "java", "Echo.java", "signals");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        StringBuilder rest = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            rest.append(line).append('\n');
        }
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "the call did not end");
        return new String[] {Integer.toString(p.exitValue()), rest.toString()};
    }

    @Test
    void stopAndContinueFollowTheClient() throws Exception {
        Process p = ws.jprefork().start("-U", "java", "Echo.java", "hang");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        long copy = Long.parseLong(line.substring("pid=".length()));
        new ProcessBuilder("kill", "-TSTP", Long.toString(p.pid())).inheritIO().start().waitFor();
        // The client stops itself too, unless its process group is orphaned (as under CI), where
        // the kernel discards a stop for it as it would for plain java: only the copy is checked.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(copy) == 'T');
        new ProcessBuilder("kill", "-CONT", Long.toString(p.pid())).inheritIO().start().waitFor();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(copy) != 'T');
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
    }

    /** The process state letter from /proc/PID/stat (T: stopped). */
    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** HUP reaches the program's own handler; INT runs its shutdown hooks, exit 130 as for plain java. */
    @ParameterizedTest(name = "{0}, SIG{1}")
    @CsvSource(delimiter = ';', value = {
        "bin/jprefork;      HUP; got HUP|shutdown hook ran|; 42",
        "bin/jprefork-java; HUP; got HUP|shutdown hook ran|; 42",
        "bin/jprefork;      INT; shutdown hook ran|;         130",
        "bin/jprefork-java; INT; shutdown hook ran|;         130"})
    void aSignalToTheClientReachesTheProgram(String client, String signal, String output, String status)
            throws Exception {
        String[] r = signalCall(client, signal);
        assertEquals(output.replace('|', '\n'), r[1]);
        assertEquals(status, r[0]);
    }
}
