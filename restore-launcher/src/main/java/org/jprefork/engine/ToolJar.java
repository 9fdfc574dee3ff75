package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** What {@code java -jar} runs: the Main-Class of a jar's manifest. */
final class ToolJar {
    private ToolJar() {
    }

    static String mainClass(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String main = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (main == null || main.isBlank()) {
                throw new IOException("no Main-Class in the manifest of " + jar);
            }
            return main.trim();
        }
    }
}
