package org.jprefork.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The identity of a pool: calls with equal idents share one pool manager and one checkpoint.
 * Recipe version 2 (docs/protocol.md has it in full, for other clients):
 *
 * <pre>
 * ident = lowercase hex of the first 16 bytes of SHA-256(field*)
 * field = u32 big-endian length, then that many bytes
 * fields, in order:
 *   "jprefork-ident-2"
 *   the contents of /proc/sys/kernel/{ostype,hostname,osrelease,version}, final newline removed
 *   "DEV:INO" of the working directory when the program can observe it ({@link WorkingDirectoryUse},
 *     or --ident-cwd), else "-"
 *   "DEV:INO" of "/"
 *   "M" and the umask, 4 octal digits
 *   for each -E VAR, -G STRING (and --engine=, --checkpoint-at=, --warmup=), in command-line order:
 *     "E" VAR "=" value, or "U" VAR when unset; "G" STRING
 *   "I" the interpreter word as given, "R" the real path of the executable it names
 *   "W" each launcher word up to and including the program (class, -jar JAR, source file, -m MODULE)
 *   "V" NAME "=" VALUE for each variable of {@link IdentEnvironment#entries}, in that order
 * </pre>
 * The program's own arguments are not part of the ident.
 */
public final class Ident {
    /** The recipe's name, its first field. */
    public static final String RECIPE = "jprefork-ident-2";
    /** Length of an ident in hex digits. */
    public static final int HEX_LENGTH = 32;
    /** Field 6 when the working directory is not part of the ident. */
    public static final String NO_CWD = "-";
    private static final String KERNEL = "/proc/sys/kernel/";

    /**
     * What the recipe reads from the machine and the calling process, besides the call's words and
     * environment.
     *
     * @param kernel       ostype, hostname, osrelease, version
     * @param cwdDevIno    "DEV:INO" of the working directory
     * @param rootDevIno   "DEV:INO" of "/"
     * @param umask        the calling process's umask
     * @param javaRealPath the real path of the executable the interpreter word names
     */
    public record Facts(List<String> kernel, String cwdDevIno, String rootDevIno, int umask, String javaRealPath) {
        /** The facts of this process, working in {@code cwd}. */
        public static Facts read(Path cwd, Path javaRealPath) throws IOException {
            List<String> kernel = new ArrayList<>();
            for (String name : List.of("ostype", "hostname", "osrelease", "version")) {
                kernel.add(stripNewline(Files.readString(Path.of(KERNEL + name), StandardCharsets.UTF_8)));
            }
            return new Facts(kernel, devIno(cwd), devIno(Path.of("/")), readUmask(), javaRealPath.toString());
        }
    }

    /** An -E VAR ({@code envVar}) or -G STRING item. */
    public record Extra(boolean envVar, String value) {
    }

    private final List<byte[]> fields = new ArrayList<>();

    private Ident() {
    }

    /**
     * The ident of a call.
     *
     * @param env      the caller's environment
     * @param extras   -E and -G items, in command-line order
     * @param identCwd --ident-cwd: the working directory counts whatever the words say
     * @param java     the interpreter word as given
     * @param command  the launcher words, @argfiles expanded
     */
    public static String compute(Facts facts, Map<String, String> env, List<Extra> extras, boolean identCwd,
                                 String java, JavaCommandLine command) {
        Ident ident = new Ident();
        ident.add(RECIPE);
        facts.kernel().forEach(ident::add);
        ident.add(identCwd || WorkingDirectoryUse.observable(command, env) ? facts.cwdDevIno() : NO_CWD);
        ident.add(facts.rootDevIno());
        ident.add("M" + octal(facts.umask()));
        for (Extra e : extras) {
            if (!e.envVar()) {
                ident.add("G" + e.value());
            } else if (env.get(e.value()) == null) {
                ident.add("U" + e.value());
            } else {
                ident.add("E" + e.value() + "=" + env.get(e.value()));
            }
        }
        ident.add("I" + java);
        ident.add("R" + facts.javaRealPath());
        command.programWords().forEach(w -> ident.add("W" + w));
        IdentEnvironment.entries(env, command).forEach(v -> ident.add("V" + v));
        return ident.hex();
    }

    private String hex() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] f : fields) {
                all.writeBytes(ByteBuffer.allocate(4).putInt(f.length).array());
                all.writeBytes(f);
            }
            byte[] digest = sha.digest(all.toByteArray());
            return HexFormat.of().formatHex(digest, 0, HEX_LENGTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Checks that a string given with -g is usable as an ident (it names files). */
    public static String validateGiven(String ident) {
        if (!ident.matches("[A-Za-z0-9_.-]{1,64}") || ident.startsWith(".")) {
            throw new IllegalArgumentException("ident '" + ident
                    + "' must be 1-64 letters, digits, '_', '-' or '.', not starting with '.'");
        }
        return ident;
    }

    private void add(String field) {
        // Strings are encoded as the OS sees file names and arguments: UTF-8 on Linux here.
        fields.add(field.getBytes(StandardCharsets.UTF_8));
    }

    private static String devIno(Path p) throws IOException {
        Object dev = Files.getAttribute(p, "unix:dev");
        Object ino = Files.getAttribute(p, "unix:ino");
        return dev + ":" + ino;
    }

    /** The process's umask, from /proc/self/status (Linux 4.7 and later): reading it changes nothing. */
    static int readUmask() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Umask:")) {
                return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
            }
        }
        throw new IOException("no Umask line in /proc/self/status (Linux 4.7 or later is needed)");
    }

    /** Four octal digits, as C's "%04o". */
    static String octal(int umask) {
        String digits = Integer.toOctalString(umask);
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
