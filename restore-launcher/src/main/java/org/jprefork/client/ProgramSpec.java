package org.jprefork.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.ToolEntry;
import org.jprefork.protocol.Ident;
import org.jprefork.protocol.JavaCommandLine;

/**
 * What a jprefork command line asks for: which java runs which program, and what goes into the
 * ident beyond them (-E, -G, or an ident given with -g).
 *
 * @param java        the interpreter word as given (e.g. {@code java} or a JDK's path)
 * @param command     launcher options, program and its arguments
 * @param identExtras -E and -G items, in command-line order
 * @param givenIdent  the -g ident, or null
 * @param tool        --checkpoint-at=main (and --warmup): how a tool runs unmodified; else null
 */
public record ProgramSpec(String java, JavaCommandLine command, List<IdentExtra> identExtras, String givenIdent,
                          ToolEntry tool) {

    /** An -E VAR or -G STRING item. */
    public record IdentExtra(boolean envVar, String value) {
    }

    /** The ident, following the recipe in {@link Ident}. */
    public String ident(Map<String, String> env, Path cwd) throws IOException {
        if (givenIdent != null) {
            return Ident.validateGiven(givenIdent);
        }
        Ident ident = Ident.forThisMachine(cwd);
        for (IdentExtra e : identExtras) {
            if (e.envVar()) {
                ident.env(e.value(), env.get(e.value()));
            } else {
                ident.extra(e.value());
            }
        }
        ident.interpreter(java);
        command.programWords().forEach(ident::word);
        return ident.hex();
    }
}
