package org.jprefork.manager;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jprefork.engine.Engine;
import org.jprefork.protocol.CallRequest;

/**
 * Spares of a warm engine's generation (WARM: no image to restore): JVMs of the program started
 * with the invocation the generation was built from, parked at initialisationComplete until a
 * call takes one.
 */
final class WarmSpares implements Copies.WarmStart {
    private final Engine engine;
    private final TemplateStarter templates;
    private final WarmupState warmups;
    private final Path socket;
    private TemplateBuilds builds;
    private Copies copies;

    WarmSpares(Engine engine, TemplateStarter templates, WarmupState warmups, Path socket) {
        this.engine = engine;
        this.templates = templates;
        this.warmups = warmups;
        this.socket = socket;
    }

    /** Set once: the two need each other (a build's spares, a spare's image directory). */
    void wire(TemplateBuilds builds, Copies copies) {
        this.builds = builds;
        this.copies = copies;
    }

    @Override
    public Copy start(Generation gen) throws IOException {
        Charset cs = StandardCharsets.UTF_8;
        CallRequest first = gen.firstCall;
        TemplateStarter.Started t = templates.start(engine, warmups.apply(gen.spec), socket,
                List.of(first.argStrings(cs)), first.envMap(cs), Path.of(first.cwdString(cs)), builds.imageDir(gen), -1);
        TemplateStarter.Request req = t.await();
        if (req != null && req.warmupRefused() != null) {
            t.awaitOwnExit();
            throw new IOException("a warm JVM's warm-up was refused; the next one starts without it");
        }
        if (req == null) {
            throw new IOException("a warm JVM exited during its initialisation (" + t.exit.join() + ")");
        }
        t.pump.awaitDetached();
        Copy copy = copies.parked(gen, req.javaPid(), t.exit);
        t.release();
        return copy;
    }
}
