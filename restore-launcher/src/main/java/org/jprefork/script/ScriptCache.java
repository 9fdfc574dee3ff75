package org.jprefork.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The user's cache of script builds, under jprefork's cache directory: {@code deps/KEY.txt}
 * lists the jars a //DEPS list resolved to (so that a later run needs no resolver while they
 * are in the local repository), and {@code build/KEY/} holds compiled classes, keyed by
 * everything that went into them: the sources' contents, the class path (each entry's size and
 * time), the options and the JDK. Entries are written aside and renamed into place, and never
 * change afterwards, so pools and plain runs of any ident share them without locks, and a
 * running copy's classes never change under it.
 */
final class ScriptCache {
    private static final String MAIN_CLASS = "main-class";
    private final Path dir;

    ScriptCache(Path dir) {
        this.dir = dir;
    }

    /** The jars a //DEPS list resolved to, or null when unknown or when one has gone. */
    List<Path> jars(String depsKey) throws IOException {
        Path f = dir.resolve("deps").resolve(depsKey + ".txt");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        List<Path> jars = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            Path jar = Path.of(line);
            if (!Files.isRegularFile(jar)) {
                return null;
            }
            jars.add(jar);
        }
        return jars;
    }

    void putJars(String depsKey, List<Path> jars) throws IOException {
        Path deps = Files.createDirectories(dir.resolve("deps"));
        Path tmp = Files.createTempFile(deps, ".deps", ".tmp");
        Files.write(tmp, jars.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        Files.move(tmp, deps.resolve(depsKey + ".txt"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The compiled classes directory and main class of a build, or null. */
    Path classes(String buildKey) {
        Path d = dir.resolve("build").resolve(buildKey);
        return Files.isRegularFile(d.resolve(MAIN_CLASS)) ? d.resolve("classes") : null;
    }

    String mainClass(String buildKey) throws IOException {
        return Files.readString(dir.resolve("build").resolve(buildKey).resolve(MAIN_CLASS), StandardCharsets.UTF_8).trim();
    }

    /** A new private directory to compile into; {@link #commit} moves it into place. */
    Path newBuild() throws IOException {
        Path builds = Files.createDirectories(dir.resolve("build"));
        Path tmp = Files.createTempDirectory(builds, ".building");
        Files.createDirectory(tmp.resolve("classes"));
        return tmp;
    }

    void commit(Path tmp, String buildKey, String mainClass) throws IOException {
        Files.writeString(tmp.resolve(MAIN_CLASS), mainClass + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, dir.resolve("build").resolve(buildKey), StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            delete(tmp); // built at the same time by another call: the same classes
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var all = Files.walk(p)) {
            for (Path q : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** A key: hex SHA-256 of the parts, each followed by a NUL. */
    static String key(List<String> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file's identity for a key: path, size and modification time (or "absent"). */
    static String stamp(Path p) {
        try {
            return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return p + " absent";
        }
    }
}
