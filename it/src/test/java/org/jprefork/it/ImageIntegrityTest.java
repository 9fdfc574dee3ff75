package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image is restored only while it is whole and current: image files deleted or damaged under
 * a running manager cost a fresh checkpoint, not a wrong answer; a jar replaced by another of
 * the same size and time stamp (which CRIU alone would not notice) is reloaded.
 */
@RequiresCriu
class ImageIntegrityTest {
    private static final String[] NEXT = {"-U", "java", "Faults.java", "next"};
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    void aDeletedImageCostsACheckpoint() throws Exception {
        damagedImageIsRebuilt(image -> deleteTree(image));
    }

    @Test
    void aMissingPagesFileCostsACheckpoint() throws Exception {
        damagedImageIsRebuilt(image -> delete(image.resolve("pages-1.img")));
    }

    @Test
    void anEmptiedCoreFileCostsACheckpoint() throws Exception {
        damagedImageIsRebuilt(image -> truncate(image.resolve("core-1.img")));
    }

    @Test
    void aTruncatedPagesFileIsRefusedBeforeCriuSeesIt() throws Exception {
        // criu restore itself would hang on it until jprefork's 60 s timeout; the seal catches it.
        damagedImageIsRebuilt(image -> {
            try (var f = java.nio.channels.FileChannel.open(image.resolve("pages-1.img"),
                    java.nio.file.StandardOpenOption.WRITE)) {
                f.truncate(f.size() / 2);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String log = ws.poolLog();
        assertTrue(log.contains("is damaged: pages-1.img is"), "criu was given the damaged image: " + log);
    }

    private void damagedImageIsRebuilt(Consumer<Path> damage) throws Exception {
        Path initLog = ws.root.resolve("init.log");
        // No spares: every call restores from the image on disk.
        Jprefork j = ws.jprefork().env("SPARES", "0").env("INIT_LOG", initLog.toString());
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitImage();
        assertEquals("ok b\n", j.run("-U", "java", "Faults.java", "b").out());
        damage.accept(onlyImage());
        Jprefork.Result r = j.run("-U", "java", "Faults.java", "c");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("ok c\n", r.out(), r.toString());
        assertTrue(r.err().lines().count() <= 1, "more than one warning: " + r);
        PoolHealth.assertRecovered(ws, j, NEXT);
    }

    @Test
    void aJarReplacedBySameSizeAndTimeIsReloaded() throws Exception {
        Path v1 = compileJar("one");
        Path v2 = compileJar("two");
        assertEquals(Files.size(v1), Files.size(v2), "the test needs two jars of one size");
        Path jar = ws.work.resolve("app.jar");
        Files.copy(v1, jar);
        FileTime stamp = Files.getLastModifiedTime(jar);
        Jprefork j = ws.jprefork();
        assertEquals("version one\n", j.run("-U", "java", "-jar", "app.jar").out());
        ws.awaitImage();
        assertEquals("version one\n", j.run("-U", "java", "-jar", "app.jar").out());
        // Rewritten in place (same inode), time stamp put back: only the change time differs.
        Files.write(jar, Files.readAllBytes(v2));
        Files.setLastModifiedTime(jar, stamp);
        Jprefork.Result r = j.run("-U", "java", "-jar", "app.jar");
        assertEquals("version two\n", r.out(), r.toString());
        ws.awaitStatus(1, "generation=2", "state=image");
        assertEquals("version two\n", j.run("-U", "java", "-jar", "app.jar").out());
        // Replaced by rename (another inode), time stamp put back.
        Path tmp = ws.work.resolve("app.jar.new");
        Files.copy(v1, tmp);
        Files.setLastModifiedTime(tmp, stamp);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("version one\n", j.run("-U", "java", "-jar", "app.jar").out());
        assertEquals("version one\n", j.run("-U", "java", "-jar", "app.jar").out());
    }

    /** A jar whose main class prints "version WORD"; jars of equal-length words are byte-for-byte the same size. */
    private Path compileJar(String word) throws Exception {
        Path src = Files.createDirectories(ws.root.resolve("src-" + word));
        Files.writeString(src.resolve("App.java"), "public class App { public static void main(String[] a) {"
                + " org.jprefork.Prefork.initialisationComplete(); System.out.println(\"version " + word + "\"); } }");
        Path classes = Files.createDirectories(ws.root.resolve("classes-" + word));
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "--release", "17", "-cp", Jprefork.agentJar().toString(), "-d", classes.toString(), src.resolve("App.java").toString())
                .inheritIO().start();
        assertTrue(javac.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, javac.exitValue());
        Path jar = ws.root.resolve("app-" + word + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "App");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            byte[] bytes = Files.readAllBytes(classes.resolve("App.class"));
            // Stored, not deflated: compression would make the sizes differ.
            JarEntry e = new JarEntry("App.class");
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            e.setMethod(JarEntry.STORED);
            e.setSize(bytes.length);
            e.setCrc(crc.getValue());
            e.setTime(0);
            out.putNextEntry(e);
            out.write(bytes);
            out.closeEntry();
        }
        return jar;
    }

    private Path onlyImage() throws Exception {
        try (Stream<Path> all = Files.walk(ws.runDir)) {
            List<Path> images = all.filter(p -> p.getFileName().toString().matches("image-\\d+")).toList();
            assertEquals(1, images.size(), images.toString());
            return images.get(0);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void truncate(Path file) {
        try {
            Files.write(file, new byte[0]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
