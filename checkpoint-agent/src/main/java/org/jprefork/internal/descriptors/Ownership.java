package org.jprefork.internal.descriptors;

import java.util.List;
import java.util.Set;

/**
 * Tells jprefork's own descriptors and the JDK's from the program's.
 *
 * @param ownFds   jprefork's descriptors (the control pipe, the connection to the manager)
 * @param ownPaths jprefork's files (the agent's jar)
 * @param jdkHome  the running JDK's directory, as a real path
 */
record Ownership(Set<Integer> ownFds, List<String> ownPaths, String jdkHome) {
    Descriptor.Owner of(int fd, String target) {
        if (ownFds.contains(fd) || ownPaths.contains(target)) {
            return Descriptor.Owner.JPREFORK;
        }
        if (jdkHome != null && target.startsWith(jdkHome + "/")) {
            return Descriptor.Owner.JDK;
        }
        return Descriptor.Owner.PROGRAM;
    }
}
