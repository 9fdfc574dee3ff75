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

/**
 * The identity of a pool: calls with equal idents share one pool manager and one checkpoint.
 * The recipe (docs/protocol.md has it in full, for other clients):
 *
 * <pre>
 * ident = lowercase hex of the first 16 bytes of SHA-256(field*)
 * field = u32 big-endian length, then that many bytes
 * fields, in order:
 *   "jprefork-ident-1"
 *   the contents of /proc/sys/kernel/{ostype,hostname,osrelease,version}, final newline removed
 *   "DEV:INO" (decimal st_dev, st_ino) of the working directory, then of "/"
 *   for each -E VAR, in command-line order: "E" VAR "=" value, or "U" VAR when unset
 *   for each -G STRING, in command-line order with the -E items: "G" STRING
 *   "I" then each interpreter word: the java executable as given, then each launcher word
 *   up to and including the program (class, -jar JAR, source file or -m MODULE), prefixed "W"
 * </pre>
 * The program's own arguments are not part of the ident.
 */
public final class Ident {
    /** Length of an ident in hex digits. */
    public static final int HEX_LENGTH = 32;
    private static final String KERNEL = "/proc/sys/kernel/";

    private final List<byte[]> fields = new ArrayList<>();

    private Ident() {
    }

    /** An ident recipe that has read the machine facts (kernel identity, directory identities). */
    public static Ident forThisMachine(Path cwd) throws IOException {
        Ident ident = new Ident();
        ident.add("jprefork-ident-1");
        for (String name : List.of("ostype", "hostname", "osrelease", "version")) {
            ident.add(stripNewline(Files.readString(Path.of(KERNEL + name), StandardCharsets.UTF_8)));
        }
        ident.add(devIno(cwd));
        ident.add(devIno(Path.of("/")));
        return ident;
    }

    /** For tests and other machines: starts from given facts instead of reading them. */
    public static Ident fromFacts(List<String> kernel, String cwdDevIno, String rootDevIno) {
        Ident ident = new Ident();
        ident.add("jprefork-ident-1");
        kernel.forEach(ident::add);
        ident.add(cwdDevIno);
        ident.add(rootDevIno);
        return ident;
    }

    /** -E VAR: the variable's value, or its absence. */
    public Ident env(String name, String valueOrNull) {
        return add(valueOrNull == null ? "U" + name : "E" + name + "=" + valueOrNull);
    }

    /** -G STRING. */
    public Ident extra(String s) {
        return add("G" + s);
    }

    /** The interpreter (java executable as given). */
    public Ident interpreter(String java) {
        return add("I" + java);
    }

    /** One launcher word: an option or a program word. */
    public Ident word(String w) {
        return add("W" + w);
    }

    public String hex() {
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

    private Ident add(String field) {
        // Strings are encoded as the OS sees file names and arguments: UTF-8 on Linux here.
        fields.add(field.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private static String devIno(Path p) throws IOException {
        Object dev = Files.getAttribute(p, "unix:dev");
        Object ino = Files.getAttribute(p, "unix:ino");
        return dev + ":" + ino;
    }

    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
