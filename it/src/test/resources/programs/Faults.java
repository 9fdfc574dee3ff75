import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.jprefork.Prefork;

/**
 * The fault tests' program. INIT_MODE picks how initialisation ends (sleep, waitfile, twice,
 * thread); the first argument picks what a call does. It runs the same under plain java.
 *
 * <p>sleep and waitfile act in one run of the initialisation only: the one numbered INIT_ON
 * (default 1) among the runs counted in the file INIT_RUNS (without it, every run). A pool's
 * first call runs the initialisation itself (run 1), the template built after it runs it again
 * (run 2).
 */
public class Faults {
    /** Whether sleep or waitfile act in this run of the initialisation (see the class comment). */
    private static boolean thisRun() throws java.io.IOException {
        String runs = System.getenv("INIT_RUNS");
        if (runs == null) {
            return true;
        }
        Path file = Path.of(runs);
        Files.writeString(file, "run\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return Files.readAllLines(file).size() == Integer.parseInt(System.getenv().getOrDefault("INIT_ON", "1"));
    }

    /** Writes {@code line} into the file the variable names, if set, else to stdout. */
    private static void say(String variable, String line) throws java.io.IOException {
        String file = System.getenv(variable);
        if (file == null) {
            System.out.println(line);
            System.out.flush();
        } else {
            Path tmp = Path.of(file + ".tmp");
            Files.writeString(tmp, line + "\n");
            Files.move(tmp, Path.of(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public static void main(String[] plainArgs) throws Exception {
        String mode = System.getenv().getOrDefault("INIT_MODE", "");
        Prefork.Options options = Prefork.Options.defaults()
                .spares(Integer.parseInt(System.getenv().getOrDefault("SPARES", "1")));
        Prefork.Invocation call;
        if (!thisRun()) {
            mode = "";
        }
        switch (mode) {
            case "sleep" -> {
                // INIT_PID (when set) gets this JVM's pid, as the caller sees it.
                say("INIT_PID", "template pid=" + outerPid());
                Thread.sleep(60_000);
                call = Prefork.initialisationComplete(options);
            }
            case "waitfile" -> {
                // Initialisation that ends when the test says so (creates INIT_WAIT); INIT_WAITING
                // (when set) appears once it waits.
                say("INIT_WAITING", "waiting");
                java.nio.file.Path go = java.nio.file.Path.of(System.getenv("INIT_WAIT"));
                for (int i = 0; i < 3000 && !java.nio.file.Files.exists(go); i++) {
                    Thread.sleep(10);
                }
                call = Prefork.initialisationComplete(options);
            }
            case "twice" -> {
                Prefork.Invocation first = Prefork.initialisationComplete(options);
                call = Prefork.initialisationComplete(options);
                System.out.println("same invocation: " + (first == call));
            }
            case "thread" -> {
                AtomicReference<Prefork.Invocation> got = new AtomicReference<>();
                Thread t = new Thread(() -> got.set(Prefork.initialisationComplete(options)), "initialiser");
                t.start();
                t.join();
                call = got.get();
                System.out.println("from a thread");
            }
            default -> call = Prefork.initialisationComplete(options);
        }
        String[] a = call.args();
        switch (a.length == 0 ? "" : a[0]) {
            case "lines" -> {
                int n = Integer.parseInt(a[1]);
                for (int i = 0; i < n && !System.out.checkError(); i++) {
                    System.out.println("line " + i);
                }
                System.err.println(System.out.checkError() ? "stdout closed" : "all written");
            }
            case "count" -> {
                long sum = 0;
                for (String s : a) {
                    sum += s.length();
                }
                System.out.println("args=" + a.length + " chars=" + sum + " last=" + a[a.length - 1]);
                long envChars = 0;
                for (var e : System.getenv().entrySet()) {
                    envChars += e.getKey().length() + e.getValue().length();
                }
                System.out.println("env chars=" + envChars);
            }
            case "codepoints" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i < a.length; i++) {
                    a[i].codePoints().forEach(c -> sb.append(Integer.toHexString(c)).append(' '));
                    sb.append("| ");
                }
                System.out.println(sb.toString().trim());
            }
            case "envchild" -> new ProcessBuilder("sh", "-c", "printf %s \"$" + a[1] + "\" | od -An -tx1")
                    .inheritIO().start().waitFor();
            case "envkeys" -> System.out.println(new TreeSet<>(System.getenv().keySet()));
            case "stdin" -> {
                try {
                    int b = System.in.read();
                    System.out.println("stdin read " + b);
                } catch (java.io.IOException e) {
                    System.out.println("stdin failed: " + e.getMessage());
                }
            }
            case "cwd" -> System.out.println("cwd=" + System.getProperty("user.dir") + " exists="
                    + Files.isDirectory(Path.of(System.getProperty("user.dir"))));
            case "hang" -> {
                System.out.println("pid=" + outerPid());
                System.out.flush();
                Thread.sleep(Duration.ofMinutes(2).toMillis());
            }
            default -> System.out.println("ok " + String.join(" ", a));
        }
    }

    /** The PID as the root PID namespace sees it. */
    static String outerPid() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self")).toString();
    }
}
