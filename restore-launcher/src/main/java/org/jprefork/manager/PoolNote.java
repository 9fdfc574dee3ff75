package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One line about the whole pool that its first caller should see (the warm engine chosen because
 * no checkpoint can be taken here): the pool is built in the background, after the call that
 * started it, so the line goes to the first call the manager answers, and only once per run
 * directory for the same line (a marker file in it remembers).
 */
final class PoolNote {
    private final String text;
    private final Path marker;
    private final AtomicBoolean taken = new AtomicBoolean();

    /** {@code text}: the line, or null for none; {@code runDir}: where the marker is kept. */
    PoolNote(String text, Path runDir) {
        this.text = text;
        this.marker = runDir.resolve("unaccelerated-warned");
    }

    /** The line, the first time it is asked for and not shown before in this run directory; else null. */
    String take() {
        if (text == null || !taken.compareAndSet(false, true)) {
            return null;
        }
        try {
            if (Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(text)) {
                return null;
            }
            Files.writeString(marker, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // shown anyway
        }
        return text;
    }

    /** Two notes as one (either may be null). */
    static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "\n" + b;
    }
}
