package org.jprefork.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * For machines where no checkpoint can be taken: each call gets a JVM that ran the program's
 * initialisation from scratch ahead of demand and waits at {@code initialisationComplete}.
 * Same semantics as a restored copy, at the CPU cost of one initialisation per call.
 */
public final class WarmEngine implements Engine {
    @Override
    public String name() {
        return "warm";
    }

    @Override
    public boolean checkpoints() {
        return false;
    }

    @Override
    public TemplateProcess startTemplate(TemplateSpec spec, Path socket, List<String> args, Map<String, String> env,
                                         Path cwd, Path imageDir) throws IOException {
        TemplateProcess.Isolation isolation = TemplateProcess.Isolation.SESSION;
        return TemplateProcess.start(isolation, spec.templateCommand(TemplateProcess.agentArgs(isolation, name(), socket),
                List.of(), args, JdkRelease.featureVersion(spec.java(), env)), env, cwd);
    }

    @Override
    public Path checkpoint(long javaPid, TemplateProcess template, Path imageDir) {
        throw new UnsupportedOperationException("the warm engine takes no checkpoint");
    }

    @Override
    public Restored restore(Path image) {
        throw new UnsupportedOperationException("the warm engine restores nothing");
    }
}
