package org.jprefork.internal.tool;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jprefork.internal.EnvironmentHandouts;
import org.jprefork.internal.EnvironmentSwap;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.Frame;
import org.jprefork.protocol.Greeting;
import org.jprefork.protocol.MessageType;
import org.jprefork.protocol.WarmupChecked;

/**
 * After a tool's warm-up run, before its checkpoint: whether the tool kept anything of the
 * warm-up's call in its static state ({@link StaticStateScan}), told to the pool manager, which
 * refuses a warm-up that kept something or could not be checked.
 */
final class WarmupCheck {
    /**
     * Bounds of the walk. Measured (docs/benchmarks.md) on Clojure, Groovy, google-java-format and
     * Jython after their warm-ups: well under both. A walk cut short refuses the warm-up.
     */
    static final StaticStateScan.Limits LIMITS = new StaticStateScan.Limits(8_000_000, 20_000_000_000L);

    private WarmupCheck() {
    }

    /** Looks for what {@code call} was handed in the static state of the tool's classes. */
    static WarmupChecked run(Instrumentation inst, WarmupCall call) {
        if (call.aliasFailure() != null) {
            return new WarmupChecked(null, null, null, call.aliasFailure(), 0, 0);
        }
        if (!EnvironmentHandouts.tracking()) {
            return new WarmupChecked(null, null, null,
                    "which environment strings the tool was handed is unknown on this JDK", 0, 0);
        }
        WarmupTraces traces = call.traces(EnvironmentHandouts.handedOutStrings());
        // The system properties are JDK state the walk does not enter (each copy updates user.dir).
        for (Map.Entry<String, Object> p : call.changedProperties().entrySet()) {
            Object v = p.getValue();
            String kept = traces.identities().get(v);
            if (kept == null && v instanceof String s && traces.mark() != null && s.contains(traces.mark())) {
                kept = WarmupTraces.CWD;
            }
            if (kept != null) {
                return new WarmupChecked(kept, "System property " + p.getKey(), null, null, 0, 0);
            }
        }
        List<Object> live = List.of(EnvironmentSwap.jdkEnvironmentMap(), System.getProperties());
        StaticStateScan.Result r = StaticStateScan.scan(inst, traces, LIMITS, live);
        return new WarmupChecked(r.kept(), r.where(), r.path(), r.unchecked(), r.objects(), r.nanos() / 1_000_000);
    }

    /** Tells the manager, and waits until it has taken note (it closes the connection). */
    static void report(Path socket, WarmupChecked result) throws IOException {
        try (UnixConnection manager = UnixConnection.connect(socket)) {
            Greeting.parse(Frame.expect(manager.in(), MessageType.HELLO));
            result.toFrame().writeTo(manager.out());
            manager.out().flush();
            while (manager.in().read() >= 0) {
                // the manager closes once the template's request is routed
            }
        }
    }
}
