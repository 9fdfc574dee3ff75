package org.jprefork.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jprefork.client.Pools;
import org.jprefork.rundir.RunDir;
import org.jprefork.rundir.RunDirListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jprefork logs [SCRIPT|IDENT]}: a pool manager's log, or the list of logs. */
@Command(name = "logs", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Prints a pool manager's log, or lists the logs.",
            "The pool is named as jprefork status names it: a #! script, an ident, or a call's words.",
            "A log (the older, rotated part first) shows the pool's start, its restores and calls, its errors, "
                + "and why it stopped.",
            "Without an argument, lists the logs in the run directory: ident, state, size, last change."})
final class LogsCommand extends ManagementCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Parameters(arity = "0..*", paramLabel = "SCRIPT|IDENT|CALL", description = "The pool whose log to print: "
            + "a #! script, an ident, or the words of a call (-U java -cp X Main).")
    List<String> target;

    @Option(names = "--path", description = "Print the log file's path instead of its contents.")
    boolean pathOnly;

    @Override
    public Integer call() throws IOException {
        RunDir runDir = runDir();
        if (target == null) {
            if (pathOnly) {
                throw usage("--path needs a SCRIPT or an IDENT");
            }
            return list(runDir);
        }
        String ident = ident(target);
        String named = String.join(" ", target);
        Path log = runDir.log(ident);
        Path older = runDir.path().resolve(ident + ".log.1");
        if (!Files.exists(log) && !Files.exists(older)) {
            System.err.println("jprefork: no log for " + named + " (ident " + ident + ") in " + runDir.path());
            return 1;
        }
        if (pathOnly) {
            System.out.println(log);
            return 0;
        }
        for (Path p : List.of(older, log)) {
            if (Files.exists(p)) {
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(System.out);
                }
            }
        }
        System.out.flush();
        return 0;
    }

    private int list(RunDir runDir) throws IOException {
        int n = 0;
        for (Map.Entry<String, List<Path>> e : RunDirListing.byIdent(runDir.path()).entrySet()) {
            Path log = runDir.log(e.getKey());
            if (!Files.exists(log)) {
                continue;
            }
            String state = Pools.running(runDir, e.getKey()).map(h -> "running (pid " + h.pid() + ")").orElse("stopped");
            System.out.printf("%s  %-22s %8d bytes  %s%n", e.getKey(), state, Files.size(log),
                    TIME.format(Instant.ofEpochMilli(Files.getLastModifiedTime(log).toMillis())));
            n++;
        }
        if (n == 0) {
            System.out.println("no logs in " + runDir.path());
        }
        return 0;
    }
}
