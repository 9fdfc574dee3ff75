package org.jprefork.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jprefork.client.Pools;
import org.jprefork.rundir.FileLock;
import org.jprefork.rundir.RunDir;
import org.jprefork.rundir.RunDirListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jprefork kill SCRIPT|IDENT|--all}: {@code --kill} as a command, by script or ident. */
@Command(name = "kill", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Stops a pool (its running calls finish first).",
            "Its copies and images go; the next call starts a fresh pool.",
            "SCRIPT is a #! script, named as you call it and from the same directory (the ident depends on both). "
                + "IDENT is an ident, or the start of one, as jprefork logs lists them. "
                + "CALL is what follows jprefork in a call: -U java -cp X Main."})
final class KillCommand extends ManagementCommand {
    @Option(names = "--all", description = "Stop every pool in the run directory.")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "SCRIPT|IDENT|CALL", description = "The pool to stop: a #! script, "
            + "an ident, or the words of a call (-U java -cp X Main).")
    List<String> target;

    @Override
    public Integer call() throws IOException {
        if (target != null && target.isEmpty()) {
            target = null;
        }
        if (all == (target != null)) {
            throw usage(all ? "give either a SCRIPT|IDENT or --all, not both" : "name a SCRIPT or an IDENT, or give --all");
        }
        RunDir runDir = runDir();
        List<String> idents = new ArrayList<>();
        if (all) {
            idents.addAll(RunDirListing.byIdent(runDir.path()).keySet());
        } else {
            idents.add(ident(target));
        }
        int stopped = 0;
        for (String ident : idents) {
            boolean wasRunning;
            // A pool being built (after a call that ran the program itself) is stopped once it is up.
            try (FileLock lock = Pools.awaitLock(runDir, ident)) {
                wasRunning = Pools.running(runDir, ident).isPresent();
                Pools.stop(runDir, ident);
            }
            if (wasRunning) {
                System.out.println("stopped " + ident);
                stopped++;
            }
        }
        if (stopped == 0) {
            System.out.println(all ? "no pool was running" : "no pool was running for " + String.join(" ", target));
        }
        return 0;
    }
}
