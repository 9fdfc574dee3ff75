package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The org.crac API (the real library from Maven Central) under jprefork on a stock JDK:
 * resources hear beforeCheckpoint before the dump and afterRestore in every copy, in CRaC's
 * orders and with its exception semantics.
 */
@RequiresCriu
class CracCompatTest {
    private static final String ORDER = "[before:c, before:b, before:a, after:a, after:b, after:c]";

    @RegisterExtension
    final Workspace ws = new Workspace();

    static String orgCrac() throws Exception {
        return Path.of(org.crac.Core.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Jprefork.Result order(Jprefork j, String word) throws Exception {
        return j.run("-U", "java", "-cp", orgCrac(), "CracOrder.java", word);
    }

    @Test
    void theExampleClosesItsSocketAndFileBeforeTheCheckpointAndReopensThemInEveryCopy() throws Exception {
        Path example = Jprefork.REPO.resolve("examples/crac-aware/CracAware.java");
        Path log = ws.work.resolve("served.log");
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = ws.jprefork().run("-U", "java", "-cp", orgCrac(), example.toString(), log.toString(),
                    "call", Integer.toString(i));
            assertEquals(0, r.exit(), r.toString());
            assertEquals("listening on port true, log open true, words: call " + i + "\n", r.out(), r.toString());
        }
        assertEquals("served: call 0\nserved: call 1\nserved: call 2\n", Files.readString(log));
    }

    @Test
    void resourcesAreNotifiedInCracOrderInTheFirstCallAndEveryCopy() throws Exception {
        for (int i = 0; i < 3; i++) {
            Jprefork.Result r = order(ws.jprefork(), "call" + i);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("call" + i + " " + ORDER + "\n", r.out(), r.toString());
            assertEquals("", r.err(), r.toString());
        }
    }

    @Test
    void orgCracCoreCheckpointRestoreIsTheSameCheckpoint() throws Exception {
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = order(ws.jprefork().env("VIA", "core"), "core" + i);
            assertEquals("core" + i + " " + ORDER + "\n", r.out(), r.toString());
        }
    }

    @Test
    void aRefusingResourceCallsTheCheckpointOffAndTheProgramRunsUnaccelerated() throws Exception {
        Jprefork j = ws.jprefork().env("REFUSE", "b");
        Jprefork.Result first = order(j, "one");
        assertEquals(0, first.exit(), first.toString());
        // Every resource prepared, every one restored, as in CRaC; the call itself is served.
        assertEquals("one " + ORDER + "\n", first.out(), first.toString());
        assertEquals("jprefork: checkpoint refused, running without acceleration: beforeCheckpoint failed: "
                + "java.lang.IllegalStateException: b refuses\n", first.err(), first.toString());
        // The template built after it is refused too: the pool then runs every call as plain java.
        ws.awaitStatus(1, "state=plain");
        Jprefork.Result second = order(j, "two");
        assertEquals("two []\n", second.out(), "a later call runs as plain java: " + second);
        assertEquals(0, second.exit(), second.toString());
    }

    @Test
    void aRefusalThroughOrgCracIsACheckpointExceptionWithTheCause() throws Exception {
        Jprefork.Result r = order(ws.jprefork().env("REFUSE", "a").env("VIA", "core"), "x");
        assertEquals("x [before:c, before:b, before:a, after:a, after:b, after:c, thrown:CheckpointException:1]\n",
                r.out(), r.toString());
    }

    @Test
    void aFailingAfterRestoreIsReportedToTheCallerAndTheCallGoesOn() throws Exception {
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = order(ws.jprefork().env("FAIL_RESTORE", "c"), "r" + i);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("r" + i + " " + ORDER + "\n", r.out(), r.toString());
            assertEquals("jprefork: warning: afterRestore failed: java.lang.IllegalStateException: c cannot restore\n",
                    r.err(), r.toString());
        }
    }
}
