// Run: jprefork -U java -Xmx128m -XX:+UseSerialGC examples/slow-init/SlowInit.java NAME
import java.util.HashMap;
import java.util.Map;
import org.jprefork.Prefork;

/**
 * A program whose start-up is slow (about 1.5 s building a table; -Dinit.ms=N changes that),
 * then answers quickly.
 */
public class SlowInit {
    public static void main(String[] ignored) throws Exception {
        long t0 = System.nanoTime();
        Map<Integer, String> table = new HashMap<>();
        long initNanos = Long.getLong("init.ms", 1500) * 1_000_000L;
        do {
            for (int i = 0; i < 100_000; i++) {
                table.put(i, Integer.toHexString(i * 31));
            }
        } while (System.nanoTime() - t0 < initNanos);
        // -Dspares=N (a JVM option, so a pool of its own) lets scripts/bench compare spare counts.
        Prefork.Invocation call = Prefork.initialisationComplete(
                Prefork.Options.defaults().spares(Integer.getInteger("spares", 1)));
        String name = call.args().length > 0 ? call.args()[0] : "world";
        System.out.println("hello, " + name + " (table of " + table.size() + " entries, entry 42 = "
                + table.get(42) + ")");
    }
}
