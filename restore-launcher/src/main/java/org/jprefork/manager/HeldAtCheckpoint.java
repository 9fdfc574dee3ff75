package org.jprefork.manager;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.jprefork.protocol.HeldFiles;
import org.jprefork.protocol.Status;

/** What the manager does with what a template held at its checkpoint (HELD_FILES). */
final class HeldAtCheckpoint {
    private HeldAtCheckpoint() {
    }

    /**
     * The first template of a generation that is checkpointed gives the generation its files:
     * shared with every copy, read-only ones watched (a copy cannot read a changed file from its
     * offset), deleteOnExit ones deleted when it ends. Any other template (refused, unaccelerated
     * calls) keeps nothing: its deleteOnExit files go when it exits, as in plain java.
     */
    static void take(Generation gen, TemplateStarter.Request req, boolean first, CompletableFuture<Status> exit,
                     Path poolDir) {
        TemplateStarter.HeldByTemplate held = req.held();
        if (held == null) {
            return;
        }
        HeldFiles files = held.files();
        if (first) {
            files.inventory().forEach(line -> ManagerLog.info("generation " + gen.number + ": " + line));
        }
        if (!first || req.abortReason() != null) {
            held.closeFds();
            exit.thenRun(() -> GenerationFiles.deleteAll(files.deleteAtEnd(), "template of generation " + gen.number));
            return;
        }
        gen.watched.add(files.readOnly().stream().map(Path::of).toList());
        gen.adopt(new GenerationFiles(files, held.fds(), poolDir.resolve("image-" + gen.number + ".delete-at-end")));
    }
}
