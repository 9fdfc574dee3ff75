import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jprefork.Prefork;

/**
 * The exit tests' program: how a call ends (first argument) and what it writes on the way.
 * It runs the same under plain java.
 */
public class ExitPaths {
    /** Bytes each of main and the shutdown hook writes to each of stdout and stderr ("big" calls). */
    static final int MIB = 1 << 20;

    public static void main(String[] ignored) throws Exception {
        Prefork.Options options = Prefork.Options.defaults()
                .maxServers(Integer.parseInt(System.getenv().getOrDefault("MAX_SERVERS", "4")));
        String[] a = Prefork.initialisationComplete(options).args();
        switch (a[0]) {
            case "big" -> {
                // 1 MiB to each stream now and 1 MiB to each from a shutdown hook, then end as a[1] says.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> write("hook")));
                write("main");
                end(a[1]);
            }
            case "halt" -> {
                System.out.println("halting");
                Runtime.getRuntime().halt(Integer.parseInt(a[1]));
            }
            case "hook-halts" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    System.out.println("hook");
                    Runtime.getRuntime().halt(7);
                }));
                System.exit(3);
            }
            case "slow-teardown" -> {
                // A daemon thread blocked in a native read: the JVM waits for it at exit (300 ms
                // and more on JDK 17 and 25) after the shutdown hooks.
                Process child = new ProcessBuilder("sleep", "60").start();
                Thread reader = new Thread(() -> {
                    try {
                        child.getInputStream().read();
                    } catch (java.io.IOException e) {
                        // the end
                    }
                });
                reader.setDaemon(true);
                reader.start();
                concurrency(a);
                System.out.println("done");
            }
            case "hang" -> {
                System.out.println("pid=" + Files.readSymbolicLink(Path.of("/proc/self")));
                System.out.flush();
                Thread.sleep(120_000);
            }
            default -> throw new IllegalArgumentException(a[0]);
        }
    }

    static void end(String how) {
        switch (how) {
            case "return" -> { }
            case "exit" -> System.exit(3);
            case "throw" -> throw new IllegalStateException("thrown at the end of main");
            default -> throw new IllegalArgumentException(how);
        }
    }

    /** MIB bytes to stdout and MIB to stderr, lines numbered so that a lost or moved one shows. */
    static void write(String who) {
        for (PrintStream s : new PrintStream[] {System.out, System.err}) {
            s.print(content(who, s == System.out ? "out" : "err"));
        }
    }

    /** Exactly MIB bytes of numbered lines. */
    static String content(String who, String stream) {
        StringBuilder b = new StringBuilder(MIB);
        for (int i = 0; b.length() < MIB; i++) {
            b.append(who).append(' ').append(stream).append(' ').append(i).append(' ')
                    .append("x".repeat(40)).append('\n');
        }
        b.setLength(MIB - 1);
        return b.append('\n').toString();
    }

    /**
     * With a directory (a[1]): notes this copy's PID there, and prints "overlap" if a copy noted
     * before is still alive (its process, not only its program).
     */
    static void concurrency(String[] a) throws Exception {
        if (a.length < 2) {
            return;
        }
        Path dir = Path.of(a[1]);
        long me = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        try (var noted = Files.list(dir)) {
            for (Path p : noted.toList()) {
                if (ProcessHandle.of(Long.parseLong(p.getFileName().toString())).map(ProcessHandle::isAlive).orElse(false)) {
                    System.out.println("overlap with " + p.getFileName());
                }
            }
        }
        Files.createFile(dir.resolve(Long.toString(me)));
    }
}
