import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.jprefork.Prefork;

/**
 * Generators made and used before the checkpoint; each call prints one line per generator:
 * "fresh.NAME VALUE" must differ between copies, "seeded.NAME VALUE" must not. Then the PIDs.
 */
public class Randomness {
    public static void main(String[] a) throws Exception {
        Random random = new Random();
        random.nextInt();
        SecureRandom byDefault = new SecureRandom();
        byDefault.nextInt();
        SecureRandom nativePrng = SecureRandom.getInstance("NativePRNG");
        nativePrng.nextInt();
        SecureRandom drbg = SecureRandom.getInstance("DRBG");
        drbg.nextInt();
        SecureRandom sha1 = SecureRandom.getInstance("SHA1PRNG");
        sha1.nextInt();
        SecureRandom sha1Unused = SecureRandom.getInstance("SHA1PRNG");
        UUID.randomUUID();
        ThreadLocalRandom.current().nextLong();
        Math.random();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        worker.submit(() -> ThreadLocalRandom.current().nextLong()).get();
        Random seeded = new Random(42);
        Random seededLater = new Random();
        seededLater.setSeed(7);
        SecureRandom sha1Seeded = SecureRandom.getInstance("SHA1PRNG");
        sha1Seeded.setSeed(42);

        Prefork.initialisationComplete();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fresh.random", random.nextLong());
        out.put("fresh.securerandom-default", bytes(byDefault));
        out.put("fresh.nativeprng", bytes(nativePrng));
        out.put("fresh.drbg", bytes(drbg));
        out.put("fresh.sha1prng", bytes(sha1));
        out.put("fresh.sha1prng-unused", bytes(sha1Unused));
        out.put("fresh.uuid", UUID.randomUUID());
        out.put("fresh.tlr-main", ThreadLocalRandom.current().nextLong());
        out.put("fresh.tlr-worker", worker.submit(() -> ThreadLocalRandom.current().nextLong()).get());
        out.put("fresh.math", Math.random());
        out.put("fresh.new-random", new Random().nextLong());
        out.put("fresh.new-splittable", new SplittableRandom().nextLong());
        out.put("seeded.random", seeded.nextLong());
        out.put("seeded.random-setseed", seededLater.nextLong());
        out.put("seeded.sha1prng", bytes(sha1Seeded));
        worker.shutdown();
        out.forEach((k, v) -> System.out.println(k + " " + v));
        System.out.println("pid " + ProcessHandle.current().pid() + " " + Files.readSymbolicLink(Path.of("/proc/self")));
    }

    private static String bytes(SecureRandom r) {
        byte[] b = new byte[16];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
