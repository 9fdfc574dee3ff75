package org.jprefork.internal;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The files a program registered with {@code File.deleteOnExit()}: taken out of the JDK's list
 * before a checkpoint, so that no copy (nor the template) deletes at its exit what every later
 * copy of the generation still expects to find; the manager deletes them when the generation ends.
 * Registrations after the checkpoint stay the JDK's, as in plain java.
 */
final class DeleteOnExitList {
    private DeleteOnExitList() {
    }

    /** Empties the JDK's list and returns what it held, in registration order. */
    static List<String> take() {
        Class<?> hook = JdkInternals.type("java.io.DeleteOnExitHook");
        Field files = JdkInternals.field(hook, "files");
        // DeleteOnExitHook.add is static synchronized: its lock is the class.
        synchronized (hook) {
            Object set = JdkInternals.get(files, null);
            if (set == null) {
                return List.of(); // the JVM is exiting and ran the list already
            }
            Collection<?> registered = (Collection<?>) set;
            List<String> out = new ArrayList<>();
            registered.forEach(f -> out.add((String) f));
            registered.clear();
            return out;
        }
    }
}
