package org.jprefork.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The completion marker of an image, written last: it lists every image file with its size, so
 * that a partial image is never restored and a damaged one (a file truncated or removed) is
 * refused at once. criu itself may wait out its whole timeout on a truncated pages file.
 */
final class ImageSeal {
    static final String MARKER = "jprefork-image-complete";

    private ImageSeal() {
    }

    /** Writes the marker into a finished image directory. */
    static void seal(Path dir, String header) throws IOException {
        List<String> lines = new ArrayList<>(List.of(header));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f) && !name.equals(MARKER) && !name.endsWith(".log")) {
                    lines.add(Files.size(f) + " " + name);
                }
            }
        }
        Files.write(dir.resolve(MARKER), lines, StandardCharsets.UTF_8);
    }

    /** @throws EngineException naming what is missing or changed */
    static void verify(Path dir) throws EngineException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(MARKER), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException("image " + dir + " is incomplete or missing");
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int sp = line.indexOf(' ');
            Path f = dir.resolve(line.substring(sp + 1));
            long expected = Long.parseLong(line.substring(0, sp));
            long actual;
            try {
                actual = Files.size(f);
            } catch (IOException e) {
                throw new EngineException("image " + dir + " is damaged: " + f.getFileName() + " is gone");
            }
            if (actual != expected) {
                throw new EngineException("image " + dir + " is damaged: " + f.getFileName() + " is " + actual
                        + " bytes, was " + expected);
            }
        }
    }
}
