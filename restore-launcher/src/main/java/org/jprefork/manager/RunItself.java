package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jprefork.internal.FirstCall;
import org.jprefork.protocol.CallRequest;

/**
 * Calls made while a generation has no checkpoint: the caller runs the program itself (RUN_LOCAL).
 * One such call at a time may build the template: the agent marks that it reached
 * initialisationComplete, and the template is started from its invocation once its process has
 * ended, so that the two initialisations never run at once (docs/design.md, "What the first caller
 * waits for").
 */
final class RunItself {
    private final Path poolDir;
    private final TemplateBuilds builds;
    private final AtomicInteger markers = new AtomicInteger();

    RunItself(Path poolDir, TemplateBuilds builds) {
        this.poolDir = poolDir;
        this.builds = builds;
    }

    /** {@code callerPid}: the client, whose end says when to look for the marker (0: unknown). */
    Assignment assign(Generation gen, long callerPid) {
        Path marker;
        synchronized (gen) {
            if (gen.started || gen.reacherRunning || callerPid <= 0) {
                return local(gen, FirstCall.agentArgs(null), null);
            }
            gen.reacherRunning = true;
            marker = poolDir.resolve("reached-" + gen.number + "-" + markers.incrementAndGet());
        }
        return new Assignment.Local(gen.spec.localCommand(FirstCall.agentArgs(marker.toString())), null,
                call -> whenEnded(gen, callerPid, marker, call));
    }

    /** The program as plain java ({@code agentArgs} says how the agent behaves), after {@code note}. */
    static Assignment local(Generation gen, String agentArgs, String note) {
        return new Assignment.Local(gen.spec.localCommand(agentArgs), note, null);
    }

    /** After the call that ran the program itself ended: builds from it if it reached the point. */
    private void whenEnded(Generation gen, long callerPid, Path marker, CallRequest call) {
        Runnable check = () -> {
            boolean reached = false;
            try {
                reached = Files.deleteIfExists(marker);
            } catch (IOException e) {
                // not reached, as far as we know
            }
            synchronized (gen) {
                gen.reacherRunning = false;
            }
            if (reached && builds.start(gen, call)) {
                ManagerLog.info("generation " + gen.number + ": a call reached initialisationComplete; "
                        + "building its template");
            }
        };
        ProcessHandle.of(callerPid).ifPresentOrElse(h -> h.onExit().thenRun(check), check);
    }
}
