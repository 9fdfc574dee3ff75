package org.jprefork.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.Executables;
import org.jprefork.engine.ToolEntry;
import org.jprefork.protocol.Ident;
import org.jprefork.protocol.JavaCommandLine;

/**
 * What a jprefork command line asks for: which java runs which program, and what goes into the
 * ident beyond them (-E, -G, --ident-cwd, or an ident given with -g).
 *
 * @param java        the interpreter word as given (e.g. {@code java} or a JDK's path)
 * @param command     launcher options, program and its arguments (@argfiles expanded)
 * @param identExtras -E and -G items, in command-line order
 * @param givenIdent  the -g ident, or null
 * @param tool        --checkpoint-at=main (and --warmup): how a tool runs unmodified; else null
 * @param identCwd    --ident-cwd: the working directory is part of the ident whatever the words say
 */
public record ProgramSpec(String java, JavaCommandLine command, List<Ident.Extra> identExtras, String givenIdent,
                          ToolEntry tool, boolean identCwd) {

    /** A spec without --ident-cwd. */
    public ProgramSpec(String java, JavaCommandLine command, List<Ident.Extra> identExtras, String givenIdent,
                       ToolEntry tool) {
        this(java, command, identExtras, givenIdent, tool, false);
    }

    /** The ident of a call from {@code cwd} with {@code env}, following the recipe in {@link Ident}. */
    public String ident(Map<String, String> env, Path cwd) throws IOException {
        if (givenIdent != null) {
            return Ident.validateGiven(givenIdent);
        }
        return Ident.compute(Ident.Facts.read(cwd, interpreterRealPath(env, cwd)), env, identExtras, identCwd,
                java, command);
    }

    /** The real path of the executable the interpreter word names, or the empty path when none. */
    Path interpreterRealPath(Map<String, String> env, Path cwd) throws IOException {
        Path exe = Executables.find(java, env);
        if (exe == null) {
            return Path.of("");
        }
        return cwd.resolve(exe).toRealPath();
    }
}
