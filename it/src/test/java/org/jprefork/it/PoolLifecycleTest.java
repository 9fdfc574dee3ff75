package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pool manager's duties: reload, limits, idle exit, callers that vanish, races to start. */
@RequiresCriu
class PoolLifecycleTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void changingTheScriptReloadsIt() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        assertEquals("hello a\n", j.run("-U", "java", "Echo.java", "a").out());
        ws.awaitImage();
        assertEquals("hello b\n", j.run("-U", "java", "Echo.java", "b").out());
        Path script = ws.work.resolve("Echo.java");
        Files.writeString(script, Files.readString(script).replace("\"hello \"", "\"bonjour \""));
        // The call that finds the change runs the new program itself; generation 2 is built after it.
        Jprefork.Result r = j.run("-U", "java", "Echo.java", "c");
        assertEquals("bonjour c\n", r.out(), r.toString());
        ws.awaitStatus(1, "generation=2", "state=image");
        assertEquals("bonjour d\n", j.run("-U", "java", "Echo.java", "d").out());
        // a, generation 1's template, c, generation 2's template: never b or d, served by copies.
        assertEquals("init\ninit\ninit\ninit\n", Files.readString(initLog));
    }

    @Test
    void changingAFileRegisteredWithAutoreloadAlsoCheckReloads() throws Exception {
        Path config = Files.writeString(ws.root.resolve("config.txt"), "v1\n");
        Jprefork j = ws.jprefork().env("WATCH", config.toString());
        assertEquals("config=v1\n", j.run("-U", "java", "Echo.java", "config").out());
        ws.awaitImage();
        assertEquals("config=v1\n", j.run("-U", "java", "Echo.java", "config").out());
        Files.writeString(config, "v2\n");
        assertEquals("config=v2\n", j.run("-U", "java", "Echo.java", "config").out());
    }

    @Test
    void withoutSparesEveryCallIsRestoredOnDemand() throws Exception {
        Jprefork j = ws.jprefork().env("SPARES", "0");
        assertEquals(0, j.run("-U", "java", "Echo.java", "first").exit());
        ws.awaitImage();
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = j.run("-U", "java", "Echo.java", "echo");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("calls=1\n"), r.toString());
        }
    }

    @Test
    void maxServersIsNeverExceeded() throws Exception {
        Path running = ws.root.resolve("running");
        Files.createDirectories(running);
        Jprefork j = ws.jprefork().env("MAX_SERVERS", "2").env("SPARES", "1");
        assertEquals(0, j.run("-U", "java", "Echo.java", "warm-up").exit());
        ws.awaitImage(); // calls that run the program themselves are not the pool's to limit
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Jprefork.Result>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return j.run("-U", "java", "Echo.java", "sleep", "300", running.toString());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, callers));
        }
        for (CompletableFuture<Jprefork.Result> f : results) {
            Jprefork.Result r = f.get();
            assertEquals(0, r.exit(), r.toString());
            assertEquals("slept\n", r.out(), r.toString());
        }
        callers.shutdown();
        List<String> seen = Files.readAllLines(ws.root.resolve("concurrency.log"));
        assertEquals(20, seen.size());
        int max = seen.stream().mapToInt(Integer::parseInt).max().orElseThrow();
        assertTrue(max <= 2, "up to " + max + " copies ran at once; max_servers is 2");
    }

    @Test
    void idleTimeoutStopsThePoolAndTheNextCallStartsAnother() throws Exception {
        Jprefork j = ws.jprefork().env("IDLE_MS", "1000");
        assertEquals(0, j.run("-U", "java", "Echo.java", "x").exit());
        // The pool is built after the call; once its checkpoint is taken (the options come with
        // it), it idles out.
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> ws.poolLog().contains("checkpoint of pid"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ws.managers().isEmpty());
        assertTrue(ws.poolLog().contains("shutting down: idle for"), ws.poolLog());
        try (var files = Files.walk(ws.runDir)) {
            List<Path> left = files.filter(p -> p.toString().endsWith(".s") || p.toString().contains(".d")).toList();
            assertTrue(left.isEmpty(), "idle exit left its socket or images behind: " + left);
        }
        assertEquals("hello again\n", j.run("-U", "java", "Echo.java", "again").out());
    }

    @Test
    void aCallerKilledMidCallLeavesNoCopyBehind() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals(0, j.run("-U", "java", "Echo.java", "warm-up").exit());
        ws.awaitImage();
        Process caller = j.start("-U", "java", "Echo.java", "hang");
        BufferedReader out = new BufferedReader(new InputStreamReader(caller.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("pid="), "no pid line: " + line);
        long copyPid = Long.parseLong(line.substring(4));
        assertTrue(ProcessHandle.of(copyPid).isPresent());
        caller.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(copyPid).map(h -> !h.isAlive()).orElse(true));
        assertEquals("hello next\n", j.run("-U", "java", "Echo.java", "next").out());
    }

    @Test
    void simultaneousFirstCallsBuildOnePoolAndOneTemplate() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        List<CompletableFuture<Jprefork.Result>> results = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        for (int i = 0; i < 10; i++) {
            String n = Integer.toString(i);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return j.run("-U", "java", "Echo.java", n);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, callers));
        }
        for (int i = 0; i < 10; i++) {
            Jprefork.Result r = results.get(i).get();
            assertEquals(0, r.exit(), r.toString());
            assertEquals("hello " + i + "\n", r.out(), r.toString());
        }
        callers.shutdown();
        ws.awaitImage();
        assertEquals(1, ws.managers().size());
        // Each call ran the program itself; one template was built after them.
        assertEquals(11, Files.readAllLines(initLog).size());
        String log = ws.poolLog();
        assertEquals(1, log.lines().filter(l -> l.contains("template") && l.contains(" started")).count(), log);
    }

    @Test
    void freshAndKillReplaceAndStopThePool() throws Exception {
        Path initLog = ws.root.resolve("init.log");
        Jprefork j = ws.jprefork().env("INIT_LOG", initLog.toString());
        assertEquals(0, j.run("-U", "java", "Echo.java", "a").exit());
        ws.awaitImage();
        long before = ws.managers().get(0);
        Jprefork.Result fresh = j.run("-f", "-U", "java", "Echo.java", "b");
        assertEquals("hello b\n", fresh.out(), fresh.toString());
        assertTrue(ProcessHandle.of(before).map(h -> !h.isAlive()).orElse(true), "-f left the old manager running");
        // -f ran the initialisation again (itself, then in the new pool's template).
        ws.awaitImage();
        assertEquals("init\n".repeat(4), Files.readString(initLog));
        assertEquals(0, j.run("--kill", "-U", "java", "Echo.java").exit());
        assertTrue(ws.managers().isEmpty(), "--kill left a manager running");
    }
}
