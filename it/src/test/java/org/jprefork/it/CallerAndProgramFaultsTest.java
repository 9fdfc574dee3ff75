package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callers and programs that misbehave: a reader that stops after one line, programs that end
 * their initialisation twice or from another thread, and many first calls across pools at once.
 */
@RequiresCriu
class CallerAndProgramFaultsTest {
    private static final String[] NEXT = {"-U", "java", "Faults.java", "next"};
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aReaderThatStopsEarlyGivesTheProgramWhatPlainJavaGets() throws Exception {
        Jprefork j = ws.jprefork();
        // Plain java ignores SIGPIPE: System.out notes the error, the program decides.
        String script = "\"$0\" -U java Faults.java lines 200000 | head -1; echo \"status ${PIPESTATUS[0]}\"";
        String plain = bash(script, plainJava().toString());
        assertEquals("line 0\nstatus 0\nstdout closed\n", sorted(plain), plain);
        for (int i = 0; i < 2; i++) { // a call that runs the program itself, then a restored copy's
            String viaJprefork = bash(script, Jprefork.BIN.toString());
            assertEquals(sorted(plain), sorted(viaJprefork), viaJprefork);
            if (i == 0) {
                ws.awaitImage();
            }
        }
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void initialisationCompleteTwiceReturnsTheSameCall() throws Exception {
        Jprefork j = ws.jprefork().env("INIT_MODE", "twice");
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = j.run("-U", "java", "Faults.java", "call" + i);
            assertEquals("same invocation: true\nok call" + i + "\n", r.out(), r.toString());
        }
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void initialisationCompleteFromAnotherThread() throws Exception {
        Jprefork j = ws.jprefork().env("INIT_MODE", "thread");
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = j.run("-U", "java", "Faults.java", "call" + i);
            assertEquals("from a thread\nok call" + i + "\n", r.out(), r.toString());
        }
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void twentyFirstCallsAcrossFiveIdents() throws Exception {
        firstCallsAcrossFiveIdents();
        ws.awaitBuilds(); // each pool is built after its calls, in the background
        assertEquals(5, ws.managers().size());
        PoolHealth.assertRecovered(ws, ws.jprefork(), NEXT);
    }

    @Test
    void simultaneousCheckpointsOfFivePoolsAllSucceed() throws Exception {
        firstCallsAcrossFiveIdents();
        ws.awaitStatus(5, "state=image");
        for (int pool = 0; pool < 5; pool++) {
            // Each call ran the program itself; the template ran it once more, after them.
            String inits = Files.readString(ws.root.resolve("init-" + pool + ".log"));
            assertTrue(inits.equals("init\n".repeat(4)) || inits.equals("init\n".repeat(5)), "pool " + pool + ": " + inits);
        }
    }

    /** Four first calls for each of five pools (-G makes the idents differ), all at once; all answer. */
    private void firstCallsAcrossFiveIdents() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(20);
        List<CompletableFuture<Jprefork.Result>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int pool = i % 5;
            Jprefork j = ws.jprefork().env("INIT_LOG", ws.root.resolve("init-" + pool + ".log").toString());
            String n = Integer.toString(i);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return j.run("-U", "-G", "pool" + pool, "java", "Echo.java", n);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, callers));
        }
        for (int i = 0; i < 20; i++) {
            Jprefork.Result r = results.get(i).get(120, TimeUnit.SECONDS);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("hello " + i + "\n", r.out(), r.toString());
        }
        callers.shutdown();
    }

    private static String sorted(String lines) {
        return String.join("\n", lines.lines().sorted().toList()) + "\n";
    }

    private Path plainJava() throws Exception {
        Path plain = ws.root.resolve("plain-java");
        Path agent;
        try (var files = Files.list(Jprefork.REPO.resolve("checkpoint-agent/target"))) {
            agent = files.filter(p -> p.getFileName().toString().matches("checkpoint-agent-[0-9].*\\.jar")
                    && !p.getFileName().toString().endsWith("-sources.jar")).findFirst().orElseThrow();
        }
        Files.writeString(plain, "#!/bin/sh\n# jprefork's words, run by plain java\nshift; shift\nexec "
                + Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + agent + " \"$@\"\n");
        assertTrue(plain.toFile().setExecutable(true));
        return plain;
    }

    private String bash(String script, String zero) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, zero).directory(ws.work.toFile())
                .redirectErrorStream(true);
        pb.environment().put("JPREFORK_RUN_DIR", ws.runDir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), script + " hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
