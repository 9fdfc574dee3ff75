import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.jprefork.Prefork;

/** The integration tests' program: one behaviour per first argument. */
public class Echo {
    static int calls;

    public static void main(String[] ignored) throws Exception {
        String initLog = System.getenv("INIT_LOG");
        if (initLog != null) {
            Files.writeString(Path.of(initLog), "init\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.out.println("initialising (stdout goes to stderr here)");
        // Randomness used before the checkpoint: every copy must still get its own.
        long beforeCheckpoint = java.util.concurrent.ThreadLocalRandom.current().nextLong() ^ (long) Math.random();
        String config = "";
        String watch = System.getenv("WATCH");
        if (watch != null) {
            config = Files.readString(Path.of(watch)).trim();
            Prefork.autoreloadAlsoCheck(Path.of(watch));
        }
        Prefork.Options options = Prefork.Options.defaults()
                .maxServers(Integer.parseInt(System.getenv().getOrDefault("MAX_SERVERS", "4")))
                .spares(Integer.parseInt(System.getenv().getOrDefault("SPARES", "1")))
                .idleTimeout(Duration.ofMillis(Long.parseLong(System.getenv().getOrDefault("IDLE_MS", "-1"))))
                .logFacility(System.getenv().getOrDefault("LOG_FACILITY", "user"));
        // Environment state the program keeps across the checkpoint: a value it read, and a
        // ProcessBuilder whose environment map (sharing the JDK's entries) it made.
        String kept = null;
        ProcessBuilder keptBuilder = null;
        if (System.getenv("INIT_KEEP") != null) {
            kept = System.getenv("KEPT");
            keptBuilder = new ProcessBuilder("sh", "-c", "echo pb=$KEPT");
            keptBuilder.environment();
        }
        Prefork.Invocation call = Prefork.initialisationComplete(options);
        calls++;
        String[] a = call.args();
        switch (a.length == 0 ? "" : a[0]) {
            case "echo" -> {
                System.out.println("args=" + String.join("|", java.util.Arrays.copyOfRange(a, 1, a.length)));
                System.out.println("calls=" + calls);
                System.out.println("env=" + System.getenv("GREETING") + "/" + call.env().get("GREETING"));
                System.out.println("cwd=" + Path.of("").toAbsolutePath() + " file=" + new File("x").getAbsolutePath()
                        + " dir=" + System.getProperty("user.dir"));
                System.out.println("input=" + Files.readString(Path.of("input.txt")).trim());
                System.err.println("to stderr");
            }
            case "cat" -> System.in.transferTo(System.out);
            case "exit" -> System.exit(Integer.parseInt(a[1]));
            case "throw" -> throw new IllegalStateException("boom from the call");
            case "sigint" -> {
                new ProcessBuilder("sh", "-c", "kill -INT $PPID").inheritIO().start().waitFor();
                Thread.sleep(30_000);
            }
            case "child" -> new ProcessBuilder("sh", "-c", "echo child=$GREETING; pwd").inheritIO().start().waitFor();
            case "sleep" -> {
                Path dir = Path.of(a[2]);
                Path me = dir.resolve(outerPid());
                Files.createFile(me);
                long running;
                try (var files = Files.list(dir)) {
                    running = files.count();
                }
                Files.writeString(dir.resolveSibling("concurrency.log"), running + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Thread.sleep(Long.parseLong(a[1]));
                Files.delete(me);
                System.out.println("slept");
            }
            case "hang" -> {
                System.out.println("pid=" + outerPid());
                System.out.flush();
                Thread.sleep(120_000);
            }
            case "config" -> System.out.println("config=" + config);
            case "secret" -> System.out.println(System.getenv("JPREFORK_TEST_SECRET"));
            case "kept" -> {
                System.out.println("kept=" + kept);
                System.out.flush();
                keptBuilder.inheritIO().start().waitFor();
            }
            case "random" -> System.out.println(java.util.concurrent.ThreadLocalRandom.current().nextLong() + " "
                    + Math.random() + " " + new java.util.Random().nextLong() + " "
                    + java.util.UUID.randomUUID() + " " + (beforeCheckpoint != 0));
            case "create" -> {
                Path made = Files.writeString(Path.of(a[1]), "x");
                System.out.println(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(made)));
            }
            case "tty" -> {
                System.out.println("console=" + (System.console() != null));
                new ProcessBuilder("stty", "size").inheritIO().start().waitFor();
            }
            case "signals" -> {
                sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                    System.out.println("got HUP");
                    System.exit(42);
                });
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
                System.out.println("ready");
                System.out.flush();
                Thread.sleep(60_000);
            }
            default -> System.out.println("hello " + String.join(" ", a));
        }
    }

    /** The PID as the caller's PID namespace sees it: /proc belongs to the root namespace. */
    static String outerPid() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self")).toString();
    }
}
