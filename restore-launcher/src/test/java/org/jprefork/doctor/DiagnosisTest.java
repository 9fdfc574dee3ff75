package org.jprefork.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jprefork.doctor.Finding.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnosisTest {
    @TempDir
    Path tmp;

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void theFirstCriuThatPassesItsCheckIsTheOneUsed() throws Exception {
        Path old = script("old-criu", "echo 'Version: 3.17.1'");
        Path broken = script("broken-criu", "case $1 in --version) echo 'Version: 4.1';; check) "
                + "echo 'Error (criu/cr-check.c:1): vdso: Unexpected rt vDSO area bounds'; exit 1;; esac");
        Path good = script("good-criu", "case $1 in --version) echo 'Version: 4.1.1';; check) echo 'Looks good.';; esac");
        CriuDiagnosis.Result r = CriuDiagnosis.check(List.of(tmp.resolve("missing"), old, broken, good, good), true);
        assertTrue(r.usable());
        assertEquals(List.of(Verdict.FAIL, Verdict.FAIL, Verdict.OK), r.findings().stream().map(Finding::verdict).toList());
        assertTrue(r.findings().get(0).detail().contains("version 3.17.1, jprefork needs 4.0"), r.toString());
        assertTrue(r.findings().get(1).detail().endsWith("vdso: Unexpected rt vDSO area bounds"), r.toString());
        assertTrue(r.findings().get(2).detail().endsWith("(4.1.1): criu check: Looks good."), r.toString());
    }

    @Test
    void noCriuIsAFailWithTheFix() {
        CriuDiagnosis.Result r = CriuDiagnosis.check(List.of(tmp.resolve("none")), true);
        assertFalse(r.usable());
        assertTrue(r.findings().get(0).fix().contains("scripts/provision-criu"), r.toString());
    }

    @Test
    void privilegesComeFromUidAndEffectiveCapabilities() {
        assertEquals(Verdict.OK, SystemDiagnosis.privileges(List.of("Uid:\t0\t0\t0\t0", "CapEff:\t000001ffffffffff"))
                .verdict());
        Finding user = SystemDiagnosis.privileges(List.of("Uid:\t1000\t1000\t1000\t1000", "CapEff:\t0000010000000000"));
        assertEquals(Verdict.FAIL, user.verdict());
        assertTrue(user.detail().startsWith("uid 1000, with CAP_CHECKPOINT_RESTORE:"), user.detail());
        Finding none = SystemDiagnosis.privileges(List.of("Uid:\t1000\t1000\t1000\t1000", "CapEff:\t0000000000000000"));
        assertTrue(none.detail().contains("no checkpoint capabilities"), none.detail());
    }

    @Test
    void jdksAreJudgedByTheirReleaseFile() throws Exception {
        Path jvm = Files.createDirectories(tmp.resolve("jvm"));
        for (String[] jdk : new String[][] {{"jdk8", "1.8.0_392"}, {"jdk21", "21.0.2"}, {"odd", null}}) {
            Path home = Files.createDirectories(jvm.resolve(jdk[0]).resolve("bin")).getParent();
            script(jdk[0] + "-java", "true");
            Files.move(tmp.resolve(jdk[0] + "-java"), home.resolve("bin/java"));
            if (jdk[1] != null) {
                Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + jdk[1] + "\"\n");
            }
        }
        List<Finding> found = JdkDiagnosis.check(java.util.Map.of("PATH", jvm.resolve("jdk21/bin").toString()), jvm);
        assertEquals(List.of("OK java", "OK jdk", "FAIL jdk", "INFO jdk"),
                found.stream().map(f -> f.verdict() + " " + f.subject()).toList(), found.toString());
        assertTrue(found.get(2).detail().endsWith("is Java 1.8.0_392"), found.toString());
        assertEquals(8, JdkDiagnosis.feature("1.8.0_392"));
        assertEquals(25, JdkDiagnosis.feature("25"));
    }

    @Test
    void theRunDirMustBeOursAndPrivate() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        assertEquals(Verdict.OK, RunDirDiagnosis.check(tmp.resolve("not-yet"), uid).verdict());
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Finding f = RunDirDiagnosis.check(open, uid);
        assertEquals(Verdict.FAIL, f.verdict());
        assertEquals("chmod 700 " + open, f.fix());
        assertEquals(Verdict.FAIL, RunDirDiagnosis.check(open, uid + 1).verdict());
    }

    @Test
    void aFailShowsItsFixOnTheNextLine() {
        assertEquals("FAIL tools      unshare not on PATH\n                fix: install util-linux",
                Finding.fail("tools", "unshare not on PATH", "install util-linux").format());
    }
}
