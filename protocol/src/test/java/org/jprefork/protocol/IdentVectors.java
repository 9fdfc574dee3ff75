package org.jprefork.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ident-vectors.txt (its header describes the format): each vector is a call's inputs,
 * the facts a client reads from the machine and the ident the recipe gives them.
 */
final class IdentVectors {
    /**
     * One vector; {@code sameAs} and {@code differsFrom} name earlier vectors whose idents must be
     * equal to, or differ from, this one's (what the vector is about).
     */
    record Vector(String name, Ident.Facts facts, Map<String, String> env, List<Ident.Extra> extras,
                  boolean identCwd, String java, List<String> words, String expected, List<String> sameAs,
                  List<String> differsFrom) {
        String compute() {
            return Ident.compute(facts, env, extras, identCwd, java, JavaCommandLine.parse(words));
        }
    }

    private IdentVectors() {
    }

    static List<Vector> load() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = IdentVectors.class.getResourceAsStream("/ident-vectors.txt")) {
            Builder b = new Builder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.indexOf(' ');
                String key = sp < 0 ? line : line.substring(0, sp);
                String value = sp < 0 ? "" : line.substring(sp + 1);
                switch (key) {
                    case "vector" -> b = new Builder(value);
                    case "kernel" -> b.kernel = List.of(value.split("\\|", -1));
                    case "cwd" -> b.cwd = value;
                    case "root" -> b.root = value;
                    case "umask" -> b.umask = Integer.parseInt(value, 8);
                    case "real" -> b.real = value;
                    case "environ" -> b.env.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                    case "E" -> b.extras.add(new Ident.Extra(true, value));
                    case "G" -> b.extras.add(new Ident.Extra(false, value));
                    case "identcwd" -> b.identCwd = true;
                    case "interp" -> b.java = value;
                    case "word" -> b.words.add(value);
                    case "same-as" -> b.sameAs.add(value);
                    case "differs-from" -> b.differsFrom.add(value);
                    case "ident" -> b.expected = value;
                    case "end" -> out.add(b.build());
                    default -> throw new IOException("bad line in ident-vectors.txt: " + line);
                }
            }
        }
        return out;
    }

    private static final class Builder {
        final String name;
        List<String> kernel;
        String cwd;
        String root;
        int umask;
        String real;
        final Map<String, String> env = new LinkedHashMap<>();
        final List<Ident.Extra> extras = new ArrayList<>();
        boolean identCwd;
        String java;
        final List<String> words = new ArrayList<>();
        final List<String> sameAs = new ArrayList<>();
        final List<String> differsFrom = new ArrayList<>();
        String expected;

        Builder() {
            this(null);
        }

        Builder(String name) {
            this.name = name;
        }

        Vector build() {
            return new Vector(name, new Ident.Facts(kernel, cwd, root, umask, real), env, extras, identCwd, java,
                    words, expected, sameAs, differsFrom);
        }
    }
}
