import java.util.Arrays;

/** A command-line tool that knows nothing of jprefork: used with --checkpoint-at=main. */
public class ToolMain {
    /** Reads the environment in its static initialiser: must never be initialised before a call. */
    static class EnvConfig {
        static final String GREETING = System.getenv().getOrDefault("TOOL_GREETING", "none");
    }

    /** A static initialiser that sees nothing per-call: may be initialised in the template. */
    static class Table {
        static final int[] SQUARES = {0, 1, 4, 9, 16};
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("exit")) {
            System.exit(Integer.parseInt(args[1]));
        }
        if (args.length > 0 && args[0].equals("throw")) {
            throw new IllegalArgumentException("bad input: " + Arrays.toString(args));
        }
        System.out.println("greeting=" + EnvConfig.GREETING + " square=" + Table.SQUARES[args.length]
                + " args=" + Arrays.toString(args));
    }
}
