package org.jprefork.manager;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.JvmOptionWords;

/**
 * The lines plain java prints on stderr as it starts, before the program runs, for the JVM option
 * variables that are set: {@code NOTE: Picked up JDK_JAVA_OPTIONS: ...} (the launcher), then
 * {@code Picked up JAVA_TOOL_OPTIONS: ...} and {@code Picked up _JAVA_OPTIONS: ...} (the JVM),
 * values as their bytes. A JVM prints them once, when it starts: for the first call of a pool
 * that reaches the caller with the template's output; a restored copy, or a warm JVM whose
 * start-up output was discarded, does not start again, so the manager writes them to the caller
 * before the copy takes the call. The ident holds these variables: every caller of a pool has
 * the values its JVMs started with.
 */
final class JvmStartupNotes {
    private JvmStartupNotes() {
    }

    /** The lines for a caller's environment entries (raw {@code NAME=VALUE} bytes); empty when none is set. */
    static byte[] of(List<byte[]> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : JvmOptionWords.VARIABLES) {
            byte[] value = value(env, name);
            if (value != null) {
                String prefix = name.equals("JDK_JAVA_OPTIONS") ? "NOTE: Picked up " : "Picked up ";
                out.writeBytes((prefix + name + ": ").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(value);
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    /** Writes the lines for {@code env} to {@code fd}, the caller's stderr. */
    static void write(int fd, List<byte[]> env) {
        byte[] lines = of(env);
        for (int off = 0; off < lines.length;) {
            int n = Posix.get().write(fd, Arrays.copyOfRange(lines, off, lines.length), lines.length - off);
            if (n <= 0) {
                return; // the caller's stderr is gone: nothing to tell
            }
            off += n;
        }
    }

    /** The value of the first entry named {@code name} (as getenv takes it), or null. */
    private static byte[] value(List<byte[]> env, String name) {
        byte[] key = (name + "=").getBytes(StandardCharsets.US_ASCII);
        for (byte[] entry : env) {
            if (entry.length >= key.length && Arrays.equals(entry, 0, key.length, key, 0, key.length)) {
                return Arrays.copyOfRange(entry, key.length, entry.length);
            }
        }
        return null;
    }
}
