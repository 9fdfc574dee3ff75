import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jprefork.Prefork;

/**
 * Three org.crac resources that record the order of their notifications. Env at initialisation:
 * REFUSE=NAME makes that resource's beforeCheckpoint throw, FAIL_RESTORE=NAME its afterRestore;
 * VIA=core checkpoints with org.crac's Core.checkpointRestore() instead of Prefork.
 */
public class CracOrder {
    static final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /**
     * Read at initialisation: afterRestore runs before the process takes its call, while its
     * environment is empty (the first caller's is wiped before the checkpoint).
     */
    static final String FAIL_RESTORE = System.getenv("FAIL_RESTORE");

    record Named(String name) implements Resource {
        @Override
        public void beforeCheckpoint(Context<? extends Resource> c) {
            events.add("before:" + name);
            if (name.equals(System.getenv("REFUSE"))) {
                throw new IllegalStateException(name + " refuses");
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> c) {
            events.add("after:" + name);
            if (name.equals(FAIL_RESTORE)) {
                throw new IllegalStateException(name + " cannot restore");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<Named> keep = List.of(new Named("a"), new Named("b"), new Named("c"));
        keep.forEach(Core.getGlobalContext()::register);
        if ("core".equals(System.getenv("VIA"))) {
            try {
                Core.checkpointRestore();
            } catch (org.crac.CheckpointException | org.crac.RestoreException e) {
                events.add("thrown:" + e.getClass().getSimpleName() + ":" + e.getSuppressed().length);
            }
        }
        Prefork.Invocation call = Prefork.initialisationComplete();
        System.out.println(String.join(" ", call.args()) + " " + events);
    }
}
