package org.jprefork.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.rundir.RunDir;

/**
 * One line, once per program (ident), after its first call: a main class or jar that never calls
 * the API runs as plain java every time, and {@code --checkpoint-at=main} would checkpoint it
 * instead. The first call leaves {@code IDENT.hint} saying so; the next call prints the line and
 * marks it shown. The native client does the same with the same file.
 */
final class Hint {
    static final String PENDING = "pending\n";
    static final String SHOWN = "shown\n";

    private Hint() {
    }

    static void maybe(RunDir runDir, String ident, ProgramSpec spec) {
        JavaCommandLine.Form form = spec.command().program().form();
        if (form != JavaCommandLine.Form.MAIN_CLASS && form != JavaCommandLine.Form.JAR) {
            return;
        }
        Path file = runDir.path().resolve(ident + ".hint");
        try {
            if (!Files.exists(file)) {
                Files.writeString(Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), PENDING,
                        StandardCharsets.US_ASCII);
            } else if (Files.readString(file, StandardCharsets.US_ASCII).equals(PENDING)) {
                Files.writeString(file, SHOWN, StandardCharsets.US_ASCII);
                System.err.println(line(spec));
            }
        } catch (IOException e) {
            // no hint
        }
    }

    static String line(ProgramSpec spec) {
        String name = spec.command().program().form() == JavaCommandLine.Form.JAR
                ? Path.of(spec.command().program().target()).getFileName().toString() : spec.command().program().target();
        return "jprefork: note: " + name + " never calls Prefork.initialisationComplete, so it runs as plain java;"
                + " jprefork -U --checkpoint-at=main would checkpoint it just before its main";
    }
}
