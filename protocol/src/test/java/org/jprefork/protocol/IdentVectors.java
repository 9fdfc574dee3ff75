package org.jprefork.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ident-vectors.txt: blocks of "key value" lines ending with "end". Keys: vector NAME,
 * kernel OSTYPE|HOSTNAME|RELEASE|VERSION, cwd DEV:INO, root DEV:INO, then in order any of
 * "env NAME=VALUE", "unset NAME", "extra STRING", "interp WORD", "word WORD"; then "ident HEX".
 */
final class IdentVectors {
    record Vector(String name, Ident recipe, String expected) {
    }

    private IdentVectors() {
    }

    static List<Vector> load() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = IdentVectors.class.getResourceAsStream("/ident-vectors.txt")) {
            String name = null;
            Ident ident = null;
            String expected = null;
            List<String> kernel = null;
            String cwd = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int sp = line.indexOf(' ');
                String key = sp < 0 ? line : line.substring(0, sp);
                String value = sp < 0 ? "" : line.substring(sp + 1);
                switch (key) {
                    case "vector" -> name = value;
                    case "kernel" -> kernel = List.of(value.split("\\|", -1));
                    case "cwd" -> cwd = value;
                    case "root" -> ident = Ident.fromFacts(kernel, cwd, value);
                    case "env" -> ident.env(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                    case "unset" -> ident.env(value, null);
                    case "extra" -> ident.extra(value);
                    case "interp" -> ident.interpreter(value);
                    case "word" -> ident.word(value);
                    case "ident" -> expected = value;
                    case "end" -> out.add(new Vector(name, ident, expected));
                    default -> throw new IOException("bad line in ident-vectors.txt: " + line);
                }
            }
        }
        return out;
    }
}
