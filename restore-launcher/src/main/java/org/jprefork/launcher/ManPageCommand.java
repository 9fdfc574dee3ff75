package org.jprefork.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code jprefork generate-man-page}: prints jprefork(1) in roff (for packagers; the build makes one too). */
@Command(name = "generate-man-page", hidden = true, mixinStandardHelpOptions = true,
        description = "Prints the jprefork(1) man page (roff) on stdout.")
final class ManPageCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        System.out.print(ManPage.render(spec.root().commandLine()));
        System.out.flush();
        return 0;
    }
}
