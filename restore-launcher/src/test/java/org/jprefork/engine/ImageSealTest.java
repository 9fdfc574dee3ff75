package org.jprefork.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSealTest {
    @TempDir
    Path image;

    @Test
    void aSealedImageVerifiesAndAnyChangeToItsFilesIsNamed() throws Exception {
        Files.write(image.resolve("pages-1.img"), new byte[4096]);
        Files.write(image.resolve("core-1.img"), new byte[100]);
        Files.writeString(image.resolve("dump.log"), "logs may grow");
        ImageSeal.seal(image, "pid 7");
        ImageSeal.verify(image);
        Files.writeString(image.resolve("dump.log"), "grew", java.nio.file.StandardOpenOption.APPEND);
        ImageSeal.verify(image);

        Files.write(image.resolve("pages-1.img"), new byte[1000]);
        EngineException truncated = assertThrows(EngineException.class, () -> ImageSeal.verify(image));
        assertEquals("image " + image + " is damaged: pages-1.img is 1000 bytes, was 4096", truncated.getMessage());
        Files.delete(image.resolve("core-1.img"));
        Files.write(image.resolve("pages-1.img"), new byte[4096]);
        EngineException gone = assertThrows(EngineException.class, () -> ImageSeal.verify(image));
        assertEquals("image " + image + " is damaged: core-1.img is gone", gone.getMessage());
    }

    @Test
    void anImageWithoutItsMarkerIsIncomplete() throws Exception {
        Files.write(image.resolve("pages-1.img"), new byte[10]);
        EngineException e = assertThrows(EngineException.class, () -> ImageSeal.verify(image));
        assertEquals("image " + image + " is incomplete or missing", e.getMessage());
    }
}
