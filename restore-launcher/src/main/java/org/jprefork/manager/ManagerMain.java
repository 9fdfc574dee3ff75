package org.jprefork.manager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jprefork.engine.Engine;
import org.jprefork.engine.EngineChoice;
import org.jprefork.engine.EngineKind;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.engine.ToolEntry;
import org.jprefork.protocol.JavaCommandLine;

/**
 * The pool manager daemon, started by the first call of an ident:
 * {@code ManagerMain SOCKET POOL_DIR PID_FILE ENGINE AGENT_JAR JFFI_DIR ENTRY -- JAVA WORDS...}.
 * It prints READY on stdout once it accepts calls, then closes stdout; it logs to stderr.
 */
public final class ManagerMain {
    /** The system property with a line for the pool's first caller (see PoolNote). */
    public static final String NOTE_PROPERTY = "jprefork.poolNote";

    private ManagerMain() {
    }

    public static void main(String[] argv) {
        List<String> args = Arrays.asList(argv);
        int sep = args.indexOf("--");
        if (sep != 7 || args.size() < sep + 3) {
            System.err.println("usage: ManagerMain SOCKET POOL_DIR PID_FILE ENGINE AGENT_JAR JFFI_DIR ENTRY -- JAVA WORDS...");
            System.exit(2);
        }
        List<String> words = new ArrayList<>(args.subList(sep + 2, args.size()));
        JavaCommandLine command = JavaCommandLine.parse(words);
        TemplateSpec spec = new TemplateSpec(args.get(sep + 1), command, Path.of(args.get(4)), Path.of(args.get(5)),
                ToolEntry.parse(args.get(6)));
        // A manager of its own directory: one that is draining at exit must not delete the
        // images of its successor (jprefork -f, or a call arriving during the drain).
        Path poolDir = Path.of(args.get(1)).resolve("m" + ProcessHandle.current().pid());
        PoolManager manager = new PoolManager(Path.of(args.get(0)), poolDir, Path.of(args.get(2)),
                spec, engine(args.get(3), spec.java()));
        manager.run();
    }

    /** ENGINE is {@code criu=PATH}, {@code crac} or {@code warm} (see {@link #engineArgument}). */
    private static Engine engine(String word, String java) {
        int eq = word.indexOf('=');
        EngineKind kind = EngineKind.parse(eq < 0 ? word : word.substring(0, eq));
        Path criu = eq < 0 ? null : Path.of(word.substring(eq + 1));
        return new EngineChoice(kind, criu, "").engine(java, System.getenv());
    }

    /** The ENGINE argument for a choice. */
    public static String engineArgument(EngineChoice choice) {
        return choice.kind().word() + (choice.criu() != null ? "=" + choice.criu() : "");
    }
}
