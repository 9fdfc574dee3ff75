package org.jprefork.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which criu jprefork would use: the candidates in jprefork's order, each with its version and
 * {@code criu check} (run afresh, not the cached verdict calls use), up to the first that passes.
 */
final class CriuDiagnosis {
    private static final Pattern VERSION = Pattern.compile("Version: (\\d+)\\.(\\d+)(\\.\\d+)?");

    private CriuDiagnosis() {
    }

    /** The findings; {@code usable} says whether a criu passed. */
    record Result(List<Finding> findings, boolean usable) {
    }

    static Result check(List<Path> candidates, boolean root) {
        List<Finding> out = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path candidate : candidates) {
            if (!Files.isExecutable(candidate) || Files.isDirectory(candidate)) {
                continue;
            }
            Path real;
            try {
                real = candidate.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (!seen.add(real)) {
                continue;
            }
            Finding f = one(candidate, root);
            out.add(f);
            if (f.verdict() == Finding.Verdict.OK) {
                return new Result(out, true);
            }
        }
        if (out.isEmpty()) {
            out.add(Finding.fail("criu", "no criu found ($JPREFORK_CRIU, $JPREFORK_HOME/criu, "
                    + "~/.cache/jprefork/bin/criu, PATH, /usr/sbin)",
                    "scripts/provision-criu builds CRIU 4.1.1 into ~/.cache/jprefork/bin, or install criu 4.0 or "
                            + "later and put it on PATH"));
        }
        return new Result(out, false);
    }

    private static Finding one(Path criu, boolean root) {
        ProcessOutput version = ProcessOutput.run(List.of(criu.toString(), "--version"));
        Matcher m = VERSION.matcher(version.output());
        if (!m.find()) {
            return Finding.fail("criu", criu + ": --version printed no version (" + version.lastLine() + ")",
                    "check that " + criu + " is CRIU");
        }
        String v = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3));
        if (Integer.parseInt(m.group(1)) < 4) {
            return Finding.fail("criu", criu + ": version " + v + ", jprefork needs 4.0 or later",
                    "scripts/provision-criu builds CRIU 4.1.1 into ~/.cache/jprefork/bin (Debian 12's 3.17 fails "
                            + "criu check on 6.x kernels)");
        }
        ProcessOutput check = ProcessOutput.run(List.of(criu.toString(), "check"));
        if (check.exit() != 0) {
            return Finding.fail("criu", criu + " (" + v + "): criu check failed: " + check.lastLine(),
                    root ? "see docs/troubleshooting.md for this message"
                            : "run as root: jprefork uses CRIU as root only (see docs/troubleshooting.md)");
        }
        return Finding.ok("criu", criu + " (" + v + "): criu check: " + check.lastLine());
    }
}
