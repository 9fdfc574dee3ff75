package org.jprefork.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jprefork.Prefork;
import org.jprefork.protocol.JavaCommandLine;

/** The invocation of a program run by plain java: its own arguments, environment and cwd. */
final class StandaloneInvocation {
    private StandaloneInvocation() {
    }

    static Prefork.Invocation current() {
        return new Prefork.Invocation(ownArgs(), System.getenv(),
                Path.of(System.getProperty("user.dir")));
    }

    /**
     * Java keeps no global argv: recover the program's arguments from the kernel's copy of the
     * command line, split as the java launcher splits it.
     */
    static String[] ownArgs() {
        try {
            byte[] raw;
            // java.io, not Files: NIO channels are not in the JDK's default CDS archive and
            // loading them would cost a plain run several milliseconds.
            try (FileInputStream in = new FileInputStream("/proc/self/cmdline")) {
                raw = in.readAllBytes();
            }
            Charset cs = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
            List<String> words = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    words.add(new String(raw, start, i - start, cs));
                    start = i + 1;
                }
            }
            if (words.size() < 2) {
                return new String[0];
            }
            return JavaCommandLine.parse(words.subList(1, words.size())).args().toArray(new String[0]);
        } catch (IOException | RuntimeException e) {
            // No /proc, or a launcher we cannot parse (e.g. an embedded JVM): no arguments known.
            return new String[0];
        }
    }
}
