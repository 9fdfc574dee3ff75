package org.jprefork.internal.tool;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The training run of a tool run unmodified: the first calls record which classes the tool
 * loaded (at JVM exit, into a list beside the pool's images, named by a fingerprint of the JDK
 * and every class path entry, so a changed jar means a new list). The manager watches for the
 * list; once it appears, the next call builds a new template, which loads those classes before
 * its checkpoint and initialises those that {@link ClinitSafety} finds safe.
 */
final class Training {
    private Training() {
    }

    /** RUNDIR/IDENT.d/trained-FINGERPRINT.txt for the pool whose socket is {@code socket}. */
    static Path listFile(Path socket, String mainClass) {
        return poolDir(socket).resolve("trained-" + fingerprint(mainClass) + ".txt");
    }

    /** RUNDIR/IDENT.d, the pool's own directory, for the pool whose socket is {@code socket}. */
    static Path poolDir(Path socket) {
        String ident = socket.getFileName().toString().replaceFirst("\\.s$", "");
        return socket.resolveSibling(ident + ".d");
    }

    private static String fingerprint(String mainClass) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder facts = new StringBuilder(System.getProperty("java.home")).append('\n').append(mainClass);
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                facts.append('\n').append(p.toAbsolutePath());
                try {
                    facts.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
                } catch (IOException e) {
                    facts.append(" absent");
                }
            }
            byte[] d = sha.digest(facts.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads every listed class, initialising the safe ones; returns how many were initialised. */
    static int preload(Path list, ClassLoader app) throws IOException {
        Map<String, Boolean> safety = new HashMap<>();
        int initialised = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            int sp = line.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            boolean boot = line.startsWith("boot ");
            String name = line.substring(sp + 1);
            ClassLoader loader = boot ? null : app;
            boolean init = !boot && safe(app, name, safety);
            try {
                Class.forName(name, init, loader);
                initialised += init ? 1 : 0;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // gone, or failing: the call will meet it as plain java would
            }
        }
        return initialised;
    }

    /** A class is safe to initialise when its own and its program superclasses' initialisers are. */
    private static boolean safe(ClassLoader app, String name, Map<String, Boolean> memo) {
        Boolean known = memo.get(name);
        if (known != null) {
            return known;
        }
        memo.put(name, false); // a cycle is not safe
        byte[] bytes = ClinitSafety.bytes(app, name);
        boolean ok = bytes != null && ClinitSafety.safe(name.replace('.', '/'), bytes);
        if (ok) {
            String sup = new org.objectweb.asm.ClassReader(bytes).getSuperName();
            if (sup != null && !sup.startsWith("java/") && !sup.startsWith("javax/") && !sup.startsWith("jdk/")) {
                ok = safe(app, sup.replace('/', '.'), memo);
            }
        }
        memo.put(name, ok);
        return ok;
    }

    /** At exit, writes the list of loaded classes unless one exists (atomically, so one wins). */
    static void recordAtExit(Instrumentation inst, Path list, ClassLoader app) {
        Thread hook = new Thread(() -> {
            if (Files.exists(list)) {
                return;
            }
            List<String> lines = new ArrayList<>();
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.isArray() || c.isHidden() || c.isSynthetic() || c.getName().startsWith("org.jprefork.")) {
                    continue;
                }
                ClassLoader l = c.getClassLoader();
                if (l == null) {
                    lines.add("boot " + c.getName());
                } else if (l == app) {
                    lines.add("app " + c.getName());
                }
            }
            try {
                Path tmp = Files.createTempFile(list.getParent(), "trained", ".tmp");
                Files.write(tmp, lines, StandardCharsets.UTF_8);
                Files.move(tmp, list, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                // no list: the next call records again
            }
        }, "jprefork-training");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
