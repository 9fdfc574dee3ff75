package org.jprefork.manager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jprefork.engine.CriuEngine;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.protocol.JavaCommandLine;

/**
 * The pool manager daemon, started by the first call of an ident:
 * {@code ManagerMain SOCKET POOL_DIR PID_FILE CRIU AGENT_JAR JFFI_DIR -- JAVA WORDS...}.
 * It prints READY on stdout once it accepts calls, then closes stdout; it logs to stderr.
 */
public final class ManagerMain {
    private ManagerMain() {
    }

    public static void main(String[] argv) {
        List<String> args = Arrays.asList(argv);
        int sep = args.indexOf("--");
        if (sep != 6 || args.size() < sep + 3) {
            System.err.println("usage: ManagerMain SOCKET POOL_DIR PID_FILE CRIU AGENT_JAR JFFI_DIR -- JAVA WORDS...");
            System.exit(2);
        }
        List<String> words = new ArrayList<>(args.subList(sep + 2, args.size()));
        JavaCommandLine command = JavaCommandLine.parse(words);
        TemplateSpec spec = new TemplateSpec(args.get(sep + 1), command, Path.of(args.get(4)), Path.of(args.get(5)));
        // A manager of its own directory: one that is draining at exit must not delete the
        // images of its successor (jprefork -f, or a call arriving during the drain).
        Path poolDir = Path.of(args.get(1)).resolve("m" + ProcessHandle.current().pid());
        PoolManager manager = new PoolManager(Path.of(args.get(0)), poolDir, Path.of(args.get(2)),
                spec, new CriuEngine(Path.of(args.get(3))));
        manager.run();
    }
}
