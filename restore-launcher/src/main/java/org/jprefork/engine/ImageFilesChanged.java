package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A restore that criu refused because a file the image holds open changed since the checkpoint
 * (criu compares size and mode, and an executable's build-id; a deleted file cannot be opened):
 * the image is stale, not broken, and a new checkpoint of the program fixes it.
 */
public final class ImageFilesChanged extends EngineException {
    private static final long serialVersionUID = 1L;
    private final String file;

    ImageFilesChanged(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** What criu said of the file, e.g. {@code File tmp/x has bad size 12 (expect 5)}. */
    public String file() {
        return file;
    }

    /** criu's complaint about a changed file in a restore log, or null when it failed otherwise. */
    static String reason(Path log) {
        try {
            for (String line : Files.readAllLines(log)) {
                int at = line.indexOf("File ");
                if (line.contains("Error") && at >= 0 && (line.contains("has bad size") || line.contains("has bad mode")
                        || line.contains("has bad build-ID"))) {
                    return line.substring(at).trim();
                }
                at = line.indexOf("Can't open file ");
                if (line.contains("Error") && at >= 0) {
                    return line.substring(at).trim();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        return null;
    }
}
