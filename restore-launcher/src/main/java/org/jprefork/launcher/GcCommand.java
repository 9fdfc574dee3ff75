package org.jprefork.launcher;

import java.io.IOException;
import org.jprefork.housekeeping.RunDirGc;
import org.jprefork.rundir.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jprefork gc}: removes what dead pools left in the run dir (see {@link RunDirGc}). */
@Command(name = "gc", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Removes what dead pools left in the run directory.",
            "Sockets nobody listens on, and pid files and images of pool managers that no longer run, go. "
                + "Logs stay, for jprefork logs; lock files stay too (deleting one is not safe).",
            "Parked copies and spares of pools whose manager died are killed; one serving a call is left.",
            "When more than --keep idents remain, the least recently used go entirely (their pools are "
                + "stopped, their logs removed), as prefork-interp keeps at most 100. Every new pool manager "
                + "does the same once when it starts."})
final class GcCommand extends ManagementCommand {
    @Option(names = {"-n", "--dry-run"}, description = "Say what would go, remove nothing.")
    boolean dryRun;

    @Option(names = "--keep", paramLabel = "N", description = "Idents to keep at most (default: ${DEFAULT-VALUE}).")
    int keep = RunDirGc.DEFAULT_KEEP;

    @Override
    public Integer call() throws IOException {
        if (keep < 0) {
            throw usage("--keep must be 0 or more, not " + keep);
        }
        RunDir runDir = runDir();
        RunDirGc gc = new RunDirGc(runDir, dryRun);
        int left = gc.run(keep);
        gc.report().forEach(System.out::println);
        System.out.println((dryRun ? "dry run: " : "") + left + " ident" + (left == 1 ? "" : "s") + " kept in "
                + runDir.path());
        return 0;
    }
}
