package org.jprefork.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jprefork.engine.ClassPathEntries;
import org.jprefork.protocol.JavaCommandLine;

/**
 * Whether a program can call jprefork's API at all, judged from its files before it runs: a
 *  source program whose text never mentions org.jprefork or org.crac, or a class path none of whose
 * classes refers to {@code org/jprefork/Prefork} or a CRaC {@code Core}, cannot. Such a program
 * runs as plain java from its first call (no template, no held output). The answer errs only
 * towards "may call": anything it cannot read or follow (modules, agents, argument files, a
 * {@code JDK_JAVA_OPTIONS}) may call. A program judged unable to call that calls anyway (a
 * plug-in loaded from elsewhere) still works: plain runs have Prefork on their class path, and
 * it returns in place.
 *
 * <p>The native client scans the same way (jprefork.c, scan_*); ProgramScanTest checks both on
 * the same programs.
 */
public final class ProgramScan {
    /** Names in a class file (constant pool, UTF-8) that mean it may call the API. */
    static final List<String> CLASS_NEEDLES = List.of("org/jprefork/Prefork", "org.jprefork.Prefork",
            "org/crac/Core", "org.crac.Core", "jdk/crac/Core", "jdk.crac.Core");
    /** Words in a source file that mean it may call the API. */
    static final List<String> SOURCE_NEEDLES = List.of("org.jprefork", "org.crac", "jdk.crac");
    /** Classes of jprefork's agent and of the CRaC APIs themselves, which refer to them by nature. */
    static final List<String> SKIPPED_CLASSES = List.of("org/jprefork/Prefork", "org/jprefork/internal/",
            "org/jprefork/protocol/", "org/jprefork/crac/", "org/jprefork/shaded/", "org/crac/", "jdk/crac/");
    /** A jar holding this is a build of jprefork's agent: its bundled libraries are skipped too. */
    static final String AGENT_MARK = "org/jprefork/internal/AgentMain.class";
    static final List<String> SKIPPED_IN_AGENT = List.of("jnr/", "com/kenai/");
    /** Environment variables through which the java launcher takes more options. */
    static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    private ProgramScan() {
    }

    /**
     * The verdict for {@code command} (the words java runs: after a script's preparation, its
     * build) in {@code cwd}.
     *
     * @param mayCall whether the program may call the API
     * @param why     for logs and tests: the file or option that decided, or "nothing refers to it"
     */
    public record Verdict(boolean mayCall, String why) {
    }

    public static Verdict scan(JavaCommandLine command, Path cwd, Map<String, String> env) {
        for (String var : OPTION_VARIABLES) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                return new Verdict(true, var + " is set");
            }
        }
        for (String o : command.options()) {
            if (o.startsWith("@") || o.startsWith("-javaagent") || o.startsWith("-agentpath") || o.startsWith("-agentlib")
                    || o.startsWith("-Xbootclasspath") || o.startsWith("--patch-module") || o.equals("-p")
                    || o.startsWith("--module-path") || o.startsWith("--upgrade-module-path")) {
                return new Verdict(true, "option " + o);
            }
        }
        try {
            List<Path> classPath = new ArrayList<>();
            switch (command.program().form()) {
                case MODULE -> {
                    return new Verdict(true, "a module");
                }
                case SOURCE_FILE -> {
                    Path source = cwd.resolve(command.program().target());
                    String text = new String(Files.readAllBytes(source), StandardCharsets.ISO_8859_1);
                    for (String needle : SOURCE_NEEDLES) {
                        if (text.contains(needle)) {
                            return new Verdict(true, source + " mentions " + needle);
                        }
                    }
                    command.classPath().or(() -> java.util.Optional.ofNullable(env.get("CLASSPATH")))
                            .ifPresent(cp -> classPath.add(Path.of(cp)));
                }
                case JAR -> classPath.add(Path.of(command.program().target()));
                case MAIN_CLASS -> classPath.add(Path.of(command.classPath()
                        .orElse(env.getOrDefault("CLASSPATH", "."))));
            }
            java.util.ArrayDeque<Path> entries = new java.util.ArrayDeque<>();
            if (command.program().form() == JavaCommandLine.Form.JAR) {
                entries.add(cwd.resolve(command.program().target()));
            } else if (!classPath.isEmpty()) {
                entries.addAll(ClassPathEntries.expand(classPath.get(0).toString(), cwd));
            }
            java.util.Set<Path> visited = new java.util.HashSet<>();
            while (!entries.isEmpty()) {
                Path e = entries.poll().toAbsolutePath().normalize();
                if (!visited.add(e)) {
                    continue;
                }
                String found = null;
                if (Files.isDirectory(e)) {
                    found = scanDirectory(e);
                } else if (Files.isRegularFile(e)) {
                    found = scanJar(e);
                    // java follows the Class-Path of every jar it opens
                    entries.addAll(manifestClassPath(e));
                }
                if (found != null) {
                    return new Verdict(true, found);
                }
            }
            return new Verdict(false, "nothing refers to it");
        } catch (IOException | RuntimeException e) {
            return new Verdict(true, "cannot read the program: " + e.getMessage());
        }
    }

    /** The jars a jar's manifest adds (Class-Path, relative to the jar's directory). */
    static List<Path> manifestClassPath(Path jar) throws IOException {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            var manifest = f.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp != null) {
                for (String word : cp.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        out.add(jar.toAbsolutePath().getParent().resolve(word));
                    }
                }
            }
        }
        return out;
    }

    /** A directory with more files than this is not read (it may call): a class path of "." in a home directory. */
    static final int MAX_FILES = 20_000;

    private static String scanDirectory(Path dir) throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.limit(MAX_FILES + 1L).toList();
            if (all.size() > MAX_FILES) {
                return dir + " holds more than " + MAX_FILES + " files";
            }
            classes = all.stream().filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path f : classes) {
            String name = dir.relativize(f).toString();
            if (!skipped(name, false) && refers(Files.readAllBytes(f))) {
                return f.toString();
            }
        }
        return null;
    }

    private static String scanJar(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            boolean agent = zip.getEntry(AGENT_MARK) != null;
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (e.isDirectory() || !e.getName().endsWith(".class") || skipped(e.getName(), agent)) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    if (refers(in.readAllBytes())) {
                        return jar + "!/" + e.getName();
                    }
                }
            }
        }
        return null;
    }

    static boolean skipped(String className, boolean inAgent) {
        for (String prefix : SKIPPED_CLASSES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        if (inAgent) {
            for (String prefix : SKIPPED_IN_AGENT) {
                if (className.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean refers(byte[] classFile) {
        String text = new String(classFile, StandardCharsets.ISO_8859_1);
        for (String needle : CLASS_NEEDLES) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
