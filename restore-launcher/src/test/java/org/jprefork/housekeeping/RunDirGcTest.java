package org.jprefork.housekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirGcTest {
    @TempDir
    Path tmp;
    RunDir runDir;
    Process manager;

    @BeforeEach
    void setUp() throws Exception {
        runDir = RunDir.at(tmp.resolve("run"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (manager != null) {
            manager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** An ident's files as a manager leaves them when killed: socket, pid file, lock, log, images. */
    private void leftovers(String ident, long pid, boolean log) throws Exception {
        Files.writeString(runDir.socket(ident), ""); // a file in place of the socket: gc goes by name
        Files.writeString(runDir.pidFile(ident), pid + "\n");
        Files.writeString(runDir.lock(ident), "");
        if (log) {
            Files.writeString(runDir.log(ident), "a log\n");
        }
        Files.createDirectories(runDir.poolDir(ident).resolve("m" + pid).resolve("image-1"));
        Files.writeString(runDir.poolDir(ident).resolve("m" + pid).resolve("image-1/pages.img"), "x");
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private List<String> names() throws Exception {
        try (var s = Files.list(runDir.path())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDeadPoolLosesSocketPidImagesButKeepsItsLogAndLock() throws Exception {
        leftovers("dead", deadPid(), true);
        RunDirGc gc = new RunDirGc(runDir, false, Set.of());
        assertEquals(1, gc.run(100));
        assertEquals(List.of("dead.lock", "dead.log"), names());
        assertEquals(List.of("removed dead: socket, pid file, images"), gc.report());
    }

    @Test
    void aDeadPoolLosesItsStatusFileAndCopyErrorsToo() throws Exception {
        leftovers("dead", deadPid(), true);
        Files.writeString(runDir.path().resolve("dead.status"), "ident=dead\n");
        Files.writeString(runDir.path().resolve("dead.s.copy-errors"), "1 x\n");
        RunDirGc gc = new RunDirGc(runDir, false, Set.of());
        gc.run(100);
        assertEquals(List.of("dead.lock", "dead.log"), names());
        assertEquals(List.of("removed dead: socket, pid file, images, status file, copy errors"), gc.report());
    }

    @Test
    void aDeadPoolWithoutALogKeepsOnlyItsLockFile() throws Exception {
        leftovers("gone", deadPid(), false);
        assertEquals(0, new RunDirGc(runDir, false, Set.of()).run(100));
        assertEquals(List.of("gone.lock"), names()); // deleting it would be unsafe: see FileLock
        assertEquals(0, new RunDirGc(runDir, false, Set.of()).run(0)); // and it is no pool
    }

    @Test
    void aDryRunRemovesNothing() throws Exception {
        leftovers("dead", deadPid(), false);
        List<String> before = names();
        RunDirGc gc = new RunDirGc(runDir, true, Set.of());
        gc.run(100);
        assertEquals(before, names());
        assertEquals(List.of("would remove dead: socket, pid file, images"), gc.report());
    }

    @Test
    void aRunningPoolKeepsEverythingButDeadManagersImages() throws Exception {
        // A live process whose arguments name the socket passes for the pool's manager.
        manager = new ProcessBuilder("sh", "-c", "sleep 60", "sh", runDir.socket("live").toString()).start();
        leftovers("live", manager.pid(), true);
        long dead = deadPid();
        Files.createDirectories(runDir.poolDir("live").resolve("m" + dead));
        new RunDirGc(runDir, false, Set.of()).run(100);
        assertEquals(List.of("live.d", "live.lock", "live.log", "live.pid", "live.s"), names());
        assertTrue(Files.exists(runDir.poolDir("live").resolve("m" + manager.pid())));
        assertFalse(Files.exists(runDir.poolDir("live").resolve("m" + dead)));
    }

    @Test
    void aSocketSomethingListensOnIsAPoolRunning() throws Exception {
        leftovers("listening", deadPid(), false);
        new RunDirGc(runDir, false, Set.of(runDir.socket("listening").toString())).run(100);
        assertTrue(Files.exists(runDir.socket("listening")));
    }

    @Test
    void aHeldLockMeansAPoolIsBeingStartedAndIsLeftAlone() throws Exception {
        leftovers("starting", deadPid(), false);
        try (FileLock held = FileLock.acquire(runDir.lock("starting"))) {
            new RunDirGc(runDir, false, Set.of()).run(100);
        }
        assertTrue(Files.exists(runDir.socket("starting")));
    }

    @Test
    void overTheLimitTheLeastRecentlyUsedGoLogsIncluded() throws Exception {
        for (int i = 0; i < 3; i++) {
            String ident = "old" + i;
            Files.writeString(runDir.log(ident), "log\n");
            Files.writeString(runDir.lock(ident), "");
            FileTime t = FileTime.fromMillis(1_000_000_000_000L + i * 1000L);
            Files.setLastModifiedTime(runDir.log(ident), t);
            Files.setLastModifiedTime(runDir.lock(ident), t);
        }
        RunDirGc gc = new RunDirGc(runDir, false, Set.of());
        assertEquals(1, gc.run(1));
        assertEquals(List.of("old0.lock", "old1.lock", "old2.lock", "old2.log"), names());
        assertEquals(2, gc.report().stream().filter(l -> l.contains("entirely")).count(), gc.report().toString());
    }

    @Test
    void overTheLimitLockFilesGcCreatesDoNotMakeAnIdentRecent() throws Exception {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) { // logs without lock files: gc's own locking creates them
            Files.writeString(runDir.log("old" + i), "log\n");
            Files.setLastModifiedTime(runDir.log("old" + i), FileTime.fromMillis(now - 3_600_000 + i * 1000L));
        }
        Files.writeString(runDir.log("a-recent"), "log\n");
        Files.setLastModifiedTime(runDir.log("a-recent"), FileTime.fromMillis(now - 60_000));
        RunDirGc gc = new RunDirGc(runDir, false, Set.of());
        assertEquals(2, gc.run(2));
        assertTrue(Files.exists(runDir.log("a-recent")), gc.report().toString());
        assertTrue(Files.exists(runDir.log("old2")), gc.report().toString());
        assertFalse(Files.exists(runDir.log("old1")), gc.report().toString());
    }

    @Test
    void aSparedIdentIsLeftAloneEvenOverTheLimit() throws Exception {
        leftovers("mine", deadPid(), true);
        Files.setLastModifiedTime(runDir.log("mine"), FileTime.fromMillis(1_000_000_000_000L));
        Files.writeString(runDir.log("other"), "log\n");
        RunDirGc gc = new RunDirGc(runDir, false, Set.of()).sparing("mine");
        assertEquals(1, gc.run(1));
        assertTrue(Files.exists(runDir.socket("mine")), gc.report().toString());
        assertTrue(Files.exists(runDir.log("other")), gc.report().toString());
    }
}
