package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults inside a criu run, injected through a criu wrapper (JPREFORK_CRIU) that runs the real
 * criu and does something nasty at the right moment. Each ends as every fault test does
 * ({@link PoolHealth}).
 */
@RequiresCriu
class CriuFaultsTest {
    private static final String[] NEXT = {"-U", "java", "Faults.java", "next"};

    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aTemplateKilledDuringItsDumpIsBuiltAgainFromALaterCall() throws Exception {
        Path killed = ws.root.resolve("killed");
        // Once: start the real dump, wait until criu has seized the template (it is then being
        // dumped: criu ptrace-seizes every task first), SIGKILL it, and report criu's result.
        Path criu = wrapper("kill-during-dump", """
                if [ "$1" = dump ] && [ ! -e "$MARK" ]; then
                  pid=$3
                  "$REAL" "$@" &
                  criu=$!
                  n=0
                  until grep -Eq '^TracerPid:[[:space:]]*[1-9]' /proc/$pid/status 2>/dev/null || [ $n -ge 2000 ]; do
                    sleep 0.005; n=$((n+1))
                  done
                  if [ $n -lt 2000 ]; then echo seized > "$MARK"; else echo timeout > "$MARK"; fi
                  kill -9 "$pid"
                  wait $criu
                  exit $?
                fi
                exec "$REAL" "$@"
                """, killed);
        Jprefork j = ws.jprefork().env("JPREFORK_CRIU", criu.toString());
        // The call ran the program itself; the template, built after it, is killed in its dump.
        Jprefork.Result r = j.run("-U", "java", "Faults.java", "first");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("ok first\n", r.out(), r.toString());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(killed));
        assertEquals("seized\n", Files.readString(killed), "the template was not killed while criu dumped it");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ws.poolLog().contains("during its checkpoint"));
        long manager = ws.managers().get(0);
        PoolHealth.assertRecovered(ws, j, NEXT);
        // The next generation is checkpointed as usual, from the next call that reached
        // initialisationComplete: the failed dump was the template's death, not a reason to give
        // up on checkpoints.
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> ws.poolLog().contains("generation 2: checkpoint of pid"));
        // No descriptor of the dead template or its dump stays open in the manager: it holds what
        // the manager of a pool that never failed holds.
        Jprefork healthy = ws.jprefork().env("JPREFORK_CRIU", criu.toString());
        assertEquals(0, healthy.run("-g", "healthy", "-U", "java", "Faults.java", "a").exit());
        ws.awaitStatus(2, "state=image");
        assertEquals(0, healthy.run("-g", "healthy", "-U", "java", "Faults.java", "b").exit());
        long other = ws.managers().stream().filter(m -> m != manager).findFirst().orElseThrow();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> PoolHealth.fdCount(manager) <= PoolHealth.fdCount(other));
    }

    /** Once: a restore that starts a task (as criu starts the tasks it restores) and never ends. */
    private static final String HANG_ON_RESTORE = """
            if [ "$1" = restore ] && [ ! -e "$MARK" ]; then
              sh -c 'echo $$ > "$1.tmp" && mv "$1.tmp" "$1" && exec sleep 1000' restored "$MARK" &
              exec sleep 1000
            fi
            exec "$REAL" "$@"
            """;

    @Test
    void aRestoreThatHangsIsKilledWithWhatItStarted() throws Exception {
        Path child = ws.root.resolve("restore-child");
        Path criu = wrapper("hang-on-restore", HANG_ON_RESTORE, child);
        Jprefork j = ws.jprefork().env("JPREFORK_CRIU", criu.toString())
                .env("JPREFORK_MANAGER_JAVA_OPTIONS", "-Djprefork.criu.restoreTimeoutSeconds=3");
        // The first call runs the program itself; the spare restored after the checkpoint hangs.
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(child));
        long pid = Long.parseLong(Files.readString(child).trim());
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        String log = ws.poolLog();
        assertTrue(log.contains("did not finish in 3 s"), log);
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void aPoolStoppedDuringAHungRestoreLeavesNothingRunning() throws Exception {
        Path child = ws.root.resolve("restore-child");
        Path criu = wrapper("hang-on-restore", HANG_ON_RESTORE, child);
        Jprefork j = ws.jprefork().env("JPREFORK_CRIU", criu.toString()); // the 60 s restore timeout
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(child));
        long pid = Long.parseLong(Files.readString(child).trim());
        // The manager waits (bounded) for the spare under way, then kills what it started, criu
        // runs included: before, the hung criu and its task outlived it.
        Jprefork.Result kill = j.run("--kill", "-U", "java", "Faults.java");
        assertEquals(0, kill.exit(), kill.toString());
        assertTrue(ws.managers().isEmpty(), "the manager is still running");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        PoolHealth.awaitNoOrphans(ws);
        PoolHealth.assertNoHeldLock(ws);
    }

    /**
     * Once: a restore that criu abandons at its very end (its action script fails at
     * post-restore, as CRIU's own scripts/fake-restore.sh does): the restored root, our child
     * through --restore-sibling, is killed by criu and must be reaped, not left a zombie.
     */
    @Test
    void aRestoreThatFailsLeavesNoZombieBehind() throws Exception {
        Path failed = ws.root.resolve("failed");
        Path action = ws.root.resolve("fail-post-restore");
        Files.writeString(action, "#!/bin/sh\n[ \"$CRTOOLS_SCRIPT_ACTION\" = post-restore ] && exit 1\nexit 0\n");
        Files.setPosixFilePermissions(action, PosixFilePermissions.fromString("rwx------"));
        Path criu = wrapper("fail-restore", """
                if [ "$1" = restore ] && [ ! -e "$MARK" ]; then
                  echo failing > "$MARK"
                  exec "$REAL" "$@" --action-script '%s'
                fi
                exec "$REAL" "$@"
                """.formatted(action), failed);
        Jprefork j = ws.jprefork().env("JPREFORK_CRIU", criu.toString());
        // The first call runs the program itself; the spare restored after the checkpoint fails.
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(failed));
        long manager = ws.managers().get(0);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ws.poolLog().contains("making a spare failed"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> zombieChildren(manager).isEmpty());
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    private static List<Long> zombieChildren(long pid) {
        return ProcessHandle.of(pid).map(p -> p.children().map(ProcessHandle::pid).filter(c -> {
            try {
                return Files.readAllLines(Path.of("/proc/" + c + "/status")).stream()
                        .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
            } catch (java.io.IOException e) {
                return false;
            }
        }).toList()).orElse(List.of());
    }

    /** A criu wrapper script: {@code body} runs with REAL (the real criu) and MARK ({@code mark}) set. */
    private Path wrapper(String name, String body, Path mark) throws Exception {
        String real = System.getenv("JPREFORK_CRIU");
        assumeTrue(real != null && !real.isEmpty(), "JPREFORK_CRIU names no criu to wrap");
        Path script = ws.root.resolve(name);
        Files.writeString(script, "#!/bin/sh\nREAL='" + real + "'\nMARK='" + mark + "'\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
