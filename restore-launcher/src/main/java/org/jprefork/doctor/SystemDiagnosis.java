package org.jprefork.doctor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.Executables;

/** The kernel, this process's privileges, and the tools jprefork runs (setsid, unshare). */
final class SystemDiagnosis {
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_CHECKPOINT_RESTORE = 40;

    private SystemDiagnosis() {
    }

    static Finding kernel() {
        try {
            String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
            return Finding.info("kernel", "Linux " + release + " (images are tied to it: a new kernel means "
                    + "new checkpoints)");
        } catch (IOException e) {
            return Finding.fail("kernel", "cannot read /proc/sys/kernel/osrelease: " + e.getMessage(),
                    "jprefork needs Linux with /proc mounted");
        }
    }

    /** From /proc/self/status: "Uid: real effective ..." and "CapEff: HEX". */
    static Finding privileges(List<String> status) {
        String euid = field(status, "Uid:", 1);
        String capEff = field(status, "CapEff:", 0);
        BigInteger caps = capEff == null ? BigInteger.ZERO : new BigInteger(capEff, 16);
        if ("0".equals(euid)) {
            return Finding.ok("privilege", "root");
        }
        List<String> have = new ArrayList<>();
        if (caps.testBit(CAP_CHECKPOINT_RESTORE)) {
            have.add("CAP_CHECKPOINT_RESTORE");
        }
        if (caps.testBit(CAP_SYS_ADMIN)) {
            have.add("CAP_SYS_ADMIN");
        }
        return Finding.fail("privilege", "uid " + euid + (have.isEmpty() ? ", no checkpoint capabilities"
                        : ", with " + String.join(" and ", have)) + ": jprefork runs CRIU as root only, so calls "
                        + "run without checkpoints",
                "run jprefork as root (docs/troubleshooting.md: non-root use)");
    }

    static Finding privileges() {
        try {
            return privileges(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException e) {
            return Finding.fail("privilege", "cannot read /proc/self/status: " + e.getMessage(), "mount /proc");
        }
    }

    static Finding tools(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("setsid", "unshare")) {
            if (Executables.find(tool, env) == null) {
                missing.add(tool);
            }
        }
        return missing.isEmpty() ? Finding.ok("tools", "setsid and unshare found")
                : Finding.fail("tools", String.join(" and ", missing) + " not on PATH",
                        "install util-linux (Debian: apt-get install util-linux)");
    }

    private static String field(List<String> status, String name, int index) {
        for (String line : status) {
            if (line.startsWith(name)) {
                String[] f = line.substring(name.length()).trim().split("\\s+");
                return index < f.length ? f[index] : null;
            }
        }
        return null;
    }
}
