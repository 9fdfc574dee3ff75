package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Processes of a pool killed at bad moments: the pool manager (idle, during a copy's call,
 * while its template initialises), a spare, the template during its initialisation; and a pid
 * file naming an unrelated process. Each ends with no orphan, no held lock, and a call that works.
 */
@RequiresCriu
class FaultInjectionTest {
    private static final String[] NEXT = {"-U", "java", "Faults.java", "next"};
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aManagerKilledWhileIdleIsReplacedAndItsImagesRemoved() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitImage();
        assertEquals("ok b\n", j.run("-U", "java", "Faults.java", "b").out());
        long manager = ws.managers().get(0);
        Path dead = managerDir(manager);
        assertTrue(Files.isDirectory(dead));
        kill9(manager);
        // Its restored spare dies with it (criu restores the template's parent-death signal).
        PoolHealth.assertRecovered(ws, j, NEXT);
        ws.awaitBuilds(); // the next call ran the program itself; the new pool is built after it
        assertNotEquals(manager, ws.managers().get(0));
        assertFalse(Files.exists(dead), "the dead manager's images are still on disk: " + dead);
    }

    @Test
    void aManagerKilledDuringACopysCallEndsTheCallAndTheCopy() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("ok warm-up\n", j.run("-U", "java", "Faults.java", "warm-up").out());
        ws.awaitImage();
        managerKilledDuringCall(j);
    }

    @Test
    void aManagerKilledWhileItsTemplateInitialisesLeavesNoTemplateOnceReplaced() throws Exception {
        Path pid = ws.root.resolve("template.pid");
        Jprefork j = ws.jprefork().env("INIT_MODE", "sleep").env("INIT_PID", pid.toString())
                .env("INIT_RUNS", ws.root.resolve("runs").toString()).env("INIT_ON", "2");
        assertEquals("ok first\n", j.run("-U", "java", "Faults.java", "first").out());
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pid));
        long template = Long.parseLong(Files.readString(pid).trim().substring("template pid=".length()));
        kill9(ws.managers().get(0));
        // The next call runs the program itself; the manager built after it kills what the dead
        // one left running, the template included.
        assertEquals("ok next\n", ws.jprefork().run(NEXT).out());
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> ProcessHandle.of(template).map(h -> !h.isAlive()).orElse(true));
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    private void managerKilledDuringCall(Jprefork j) throws Exception {
        Process caller = j.start("-U", "java", "Faults.java", "hang");
        long program = readPid(caller);
        long manager = ws.managers().get(0);
        kill9(manager);
        assertTrue(caller.waitFor(30, TimeUnit.SECONDS), "the caller hung after its manager died");
        String err = new String(caller.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(120, caller.exitValue(), err);
        assertTrue(err.contains("the pool manager closed the connection during the call"), err);
        // The message says where to look, with an ident jprefork logs takes.
        java.util.regex.Matcher hint = java.util.regex.Pattern.compile("; see: jprefork logs ([0-9a-f]{12})\n$")
                .matcher(err);
        assertTrue(hint.find(), err);
        Jprefork.Result log = j.run("logs", hint.group(1));
        assertEquals(0, log.exit(), log.toString());
        assertTrue(log.out().contains("pool manager " + manager + " "), log.toString());
        Jprefork.Result next = j.run(NEXT);
        assertEquals("ok next\n", next.out(), next.toString());
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(program).map(h -> !h.isAlive()).orElse(true));
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void aKilledSpareIsReplaced() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitImage();
        assertEquals("ok b\n", j.run("-U", "java", "Faults.java", "b").out());
        long manager = ws.managers().get(0);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> spares(manager).size() == 1);
        long spare = spares(manager).get(0);
        kill9(spare);
        PoolHealth.assertRecovered(ws, j, NEXT);
        assertEquals(List.of(manager), ws.managers());
    }

    @Test
    void aTemplateKilledDuringItsInitialisationIsBuiltAgainFromALaterCall() throws Exception {
        Path pid = ws.root.resolve("template.pid");
        Jprefork j = ws.jprefork().env("INIT_MODE", "sleep").env("INIT_PID", pid.toString())
                .env("INIT_RUNS", ws.root.resolve("runs").toString()).env("INIT_ON", "2");
        // The first call answers (it ran the initialisation itself); the template built after it sleeps.
        Jprefork.Result first = j.run("-U", "java", "Faults.java", "first");
        assertEquals("ok first\n", first.out(), first.toString());
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(pid));
        kill9(Long.parseLong(Files.readString(pid).trim().substring("template pid=".length())));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ws.poolLog().contains("the template died"));
        PoolHealth.assertRecovered(ws, j, NEXT);
        // A killed template says nothing about the program: the next generation is checkpointed,
        // not run as plain java.
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> ws.poolLog().contains("generation 2: checkpoint of pid"));
    }

    @Test
    void aPidFileNamingAnotherProcessNeitherKillsItNorBlocks() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitBuilds();
        long manager = ws.managers().get(0);
        kill9(manager);
        Process bystander = new ProcessBuilder("sleep", "120").start();
        try {
            Path pidFile;
            try (Stream<Path> files = Files.list(ws.runDir)) {
                pidFile = files.filter(p -> p.toString().endsWith(".pid")).findFirst().orElseThrow();
            }
            Files.writeString(pidFile, bystander.pid() + "\n");
            Jprefork.Result kill = j.run("--kill", "-U", "java", "Faults.java");
            assertEquals(0, kill.exit(), kill.toString());
            assertTrue(bystander.isAlive(), "--kill killed a process that is not a pool manager");
            PoolHealth.assertRecovered(ws, j, NEXT);
            assertTrue(bystander.isAlive());
        } finally {
            bystander.destroyForcibly();
        }
    }

    static long readPid(Process caller) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("pid="), "no pid line: " + line);
        return Long.parseLong(line.substring(4));
    }

    /** SIGKILL, and waits until the process has died (it may stay a zombie: nobody need reap it). */
    static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    /** The manager's own directory of images, IDENT.d/mPID. */
    private Path managerDir(long manager) throws Exception {
        try (Stream<Path> all = Files.walk(ws.runDir, 2)) {
            return all.filter(p -> p.getFileName().toString().equals("m" + manager)).findFirst().orElseThrow();
        }
    }

    /** Restored copies parked by the manager: its children that are JVMs. */
    private static List<Long> spares(long manager) {
        return ProcessHandle.of(manager).orElseThrow().children()
                .filter(c -> PoolHealth.commandLine(c.pid()).orElse("").contains("-javaagent:"))
                .map(ProcessHandle::pid).toList();
    }
}
