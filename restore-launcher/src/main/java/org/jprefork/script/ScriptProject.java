package org.jprefork.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A script and the files its //SOURCES name (and theirs, as JBang follows them), with the
 * directives of all of them merged in reading order.
 *
 * @param files          the script first, then the other sources
 * @param deps           every //DEPS item
 * @param javaOptions    every //JAVA_OPTIONS word
 * @param compileOptions every //COMPILE_OPTIONS word
 * @param notes          notes about unsupported directives
 */
public record ScriptProject(List<SourceFile> files, List<Directives.Dep> deps, List<String> javaOptions,
                            List<String> compileOptions, List<String> notes) {

    /**
     * One source file.
     *
     * @param path the file
     * @param name how messages (and compile errors) name it: as the caller named the script
     * @param text its contents; a script's {@code #!} line is blanked (line numbers stay)
     */
    public record SourceFile(Path path, String name, String text) {
    }

    /** Whether the script declares anything that the java launcher's source mode cannot do. */
    public boolean needsBuild() {
        return files.size() > 1 || !deps.isEmpty() || !javaOptions.isEmpty() || !compileOptions.isEmpty();
    }

    /** The source files' paths. */
    public List<Path> paths() {
        return files.stream().map(SourceFile::path).toList();
    }

    /**
     * Reads a script and what its //SOURCES name.
     *
     * @param script the script's path (absolute, or relative to this process's directory)
     * @param name   the script as the caller named it
     * @throws ScriptException for a malformed directive or a missing source
     */
    public static ScriptProject load(Path script, String name) throws ScriptException, IOException {
        ScriptProject p = new ScriptProject(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        String text = read(script);
        if (text.startsWith("#!")) {
            int eol = text.indexOf('\n');
            text = eol < 0 ? "" : text.substring(eol);
        }
        p.add(new SourceFile(script.toAbsolutePath().normalize(), name, text), new HashSet<>());
        return new ScriptProject(List.copyOf(p.files), List.copyOf(p.deps), List.copyOf(p.javaOptions),
                List.copyOf(p.compileOptions), List.copyOf(p.notes));
    }

    private void add(SourceFile file, Set<Path> seen) throws ScriptException, IOException {
        if (!seen.add(file.path().toRealPath())) {
            return;
        }
        files.add(file);
        Directives d = Directives.parse(file.name(), file.text());
        deps.addAll(d.deps());
        javaOptions.addAll(d.javaOptions());
        compileOptions.addAll(d.compileOptions());
        notes.addAll(d.notes());
        for (Directives.Source s : d.sources()) {
            for (Path p : expand(file.path().getParent(), s)) {
                Path rel = file.path().getParent().relativize(p);
                Path nameDir = Path.of(file.name()).getParent();
                String name = (nameDir == null ? rel : nameDir.resolve(rel)).normalize().toString();
                add(new SourceFile(p, name, read(p)), seen);
            }
        }
    }

    /**
     * A source file's text. Never refused for its encoding: every source program is read for
     * directives, and one in another encoding without any must still run as before (javac
     * reports what it cannot read in a script that has directives).
     */
    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** The files a //SOURCES item names: one file, or every file a glob matches, sorted. */
    static List<Path> expand(Path dir, Directives.Source s) throws ScriptException, IOException {
        String pattern = s.pattern();
        if (!pattern.matches(".*[*?\\[{].*")) {
            Path p = dir.resolve(pattern).normalize();
            if (!Files.isRegularFile(p)) {
                throw new ScriptException(s.where() + ": //SOURCES " + pattern + ": no such file (" + p + ")");
            }
            return List.of(p);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted()::iterator) {
                if (Files.isRegularFile(p) && matcher.matches(dir.relativize(p))) {
                    found.add(p.normalize());
                }
            }
        }
        if (found.isEmpty()) {
            throw new ScriptException(s.where() + ": //SOURCES " + pattern + ": matches no file in " + dir);
        }
        return found;
    }
}
