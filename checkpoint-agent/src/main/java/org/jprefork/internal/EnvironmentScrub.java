package org.jprefork.internal;

import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Wipes the first caller's environment out of the template before its checkpoint, so that the
 * image holds no environment variable the program did not read. The template was started with
 * that environment; after the checkpoint, the template and every copy take their own caller's
 * environment anyway ({@link CallReceiver}).
 *
 * <p>Use: {@link #capture()} while the environment is still in place, empty the environment
 * ({@link EnvironmentSwap}), then {@link #wipe()}. The copies wiped are:
 * <ul>
 *   <li>the strings of libc's {@code environ}: those the kernel put on the initial stack
 *       (between the {@code env_start} and {@code env_end} of /proc/self/stat) and any that
 *       {@code setenv} allocated;</li>
 *   <li>the JDK's private copies ({@code ProcessEnvironment}'s Variable and Value objects: a
 *       byte[] and a String each), but only those that are garbage once the environment is
 *       emptied. An entry the program was handed a String of is kept alive by
 *       {@link EnvironmentHandouts} and left alone (it is the program's state), and so is one
 *       still referenced elsewhere (a {@code ProcessBuilder.environment()} map shares them).</li>
 * </ul>
 */
final class EnvironmentScrub {
    private static final String PE = "java.lang.ProcessEnvironment";
    private static final long GC_WAIT_NANOS = 2_000_000_000L;

    /** A JDK entry: gone after a GC means nobody else holds it, and its arrays can be zeroed. */
    private record JdkCopy(WeakReference<Object> entry, byte[] bytes, byte[] chars) {
    }

    /** A C string: address and length (without its NUL). */
    private record CString(long address, long length) {
    }

    private final List<JdkCopy> jdk;
    private final List<CString> strings;

    private EnvironmentScrub(List<JdkCopy> jdk, List<CString> strings) {
        this.jdk = jdk;
        this.strings = strings;
    }

    /** Notes where the current environment is; changes nothing. */
    static EnvironmentScrub capture() {
        return new EnvironmentScrub(jdkCopies(), nativeStrings());
    }

    /**
     * Zeroes what {@link #capture()} found, once the environment has been replaced: every
     * captured C string, and the JDK copies that became garbage.
     */
    void wipe() {
        MemoryIO io = MemoryIO.getInstance();
        // Never memory that environ still points into (a setenv since may have reused a string).
        List<CString> live = environStrings();
        for (CString s : strings) {
            if (live.stream().noneMatch(l -> l.address() >= s.address() && l.address() <= s.address() + s.length())) {
                io.setMemory(s.address(), s.length(), (byte) 0);
            }
        }
        collect();
        boolean handoutsKnown = EnvironmentHandouts.tracking() && !stringsDeduplicated();
        for (JdkCopy c : jdk) {
            if (c.entry().get() == null) {
                Arrays.fill(c.bytes(), (byte) 0);
                if (handoutsKnown && c.chars() != null) {
                    Arrays.fill(c.chars(), (byte) 0);
                }
            }
        }
    }

    private static List<JdkCopy> jdkCopies() {
        Class<?> pe = JdkInternals.type(PE);
        Class<?> data = JdkInternals.type(PE + "$ExternalData");
        Field bytes = JdkInternals.field(data, "bytes");
        Field str = JdkInternals.field(data, "str");
        Field value = JdkInternals.field(String.class, "value");
        @SuppressWarnings("unchecked")
        Map<Object, Object> env = (Map<Object, Object>) JdkInternals.get(JdkInternals.field(pe, "theEnvironment"), null);
        List<JdkCopy> out = new ArrayList<>();
        for (Map.Entry<Object, Object> e : env.entrySet()) {
            for (Object d : List.of(e.getKey(), e.getValue())) {
                String s = (String) JdkInternals.get(str, d);
                byte[] chars = s == null ? null : (byte[]) JdkInternals.get(value, s);
                out.add(new JdkCopy(new WeakReference<>(d), (byte[]) JdkInternals.get(bytes, d), chars));
            }
        }
        return out;
    }

    /** The strings environ points to, and the initial stack's environment block. */
    private static List<CString> nativeStrings() {
        List<CString> out = environStrings();
        long[] block = initialEnvironmentBlock();
        if (block != null) {
            out.add(new CString(block[0], block[1] - block[0]));
        }
        return out;
    }

    private static List<CString> environStrings() {
        List<CString> out = new ArrayList<>();
        MemoryIO io = MemoryIO.getInstance();
        long environ = Library.getDefault().getSymbolAddress("environ");
        long array = environ == 0 ? 0 : io.getAddress(environ);
        for (int i = 0; array != 0; i++) {
            long s = io.getAddress(array + (long) i * Long.BYTES);
            if (s == 0) {
                break;
            }
            out.add(new CString(s, io.getStringLength(s)));
        }
        return out;
    }

    /** {@code env_start} and {@code env_end} from /proc/self/stat (fields 49 and 50), or null. */
    private static long[] initialEnvironmentBlock() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII).trim();
            // After the command name, in parentheses and possibly holding spaces, field 3 begins.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long start = Long.parseLong(f[49 - 3]);
            long end = Long.parseLong(f[50 - 3]);
            long size = end - start;
            // /proc/self/environ reads exactly that block: a cross-check of the field numbers.
            if (start == 0 || size <= 0 || size != Files.readAllBytes(Path.of("/proc/self/environ")).length) {
                return null;
            }
            return new long[] {start, end};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A full collection that has processed weak references (a sentinel's is cleared). */
    private static void collect() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        long deadline = System.nanoTime() + GC_WAIT_NANOS;
        do {
            System.gc();
            if (sentinel.get() == null) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        } while (System.nanoTime() < deadline);
    }

    /** With string deduplication, a dead String's array may be shared by a live one. */
    private static boolean stringsDeduplicated() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseStringDeduplication").getValue());
        } catch (RuntimeException e) {
            return true;
        }
    }
}
