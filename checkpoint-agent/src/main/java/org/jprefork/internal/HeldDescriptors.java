package org.jprefork.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jprefork.internal.descriptors.Inventory;
import org.jprefork.internal.unix.UnixConnection;
import org.jprefork.protocol.HeldFiles;

/**
 * What a template holds when it asks for its checkpoint, told to the manager (HELD_FILES):
 * for a CRIU checkpoint, the inventory of its descriptors, with the files open for writing
 * attached (the manager gives that one open file description to every copy, as fork would);
 * for CRIU and CRaC, the files registered with deleteOnExit, which become the generation's.
 */
final class HeldDescriptors {
    private final Inventory inventory;
    private final List<String> notes = new ArrayList<>();

    private HeldDescriptors(Inventory inventory) {
        this.inventory = inventory;
    }

    /**
     * Takes the inventory (CRIU only: the JDK's CRaC checks descriptors itself); null for the
     * warm engine, whose JVMs are plain runs. {@code ownFds}: jprefork's descriptors.
     */
    static HeldDescriptors take(String engine, Set<Integer> ownFds) {
        if (AgentConfig.WARM.equals(engine)) {
            return null;
        }
        if (!AgentConfig.CRIU.equals(engine)) {
            return new HeldDescriptors(null);
        }
        try {
            return new HeldDescriptors(Inventory.take(ownFds));
        } catch (IOException | RuntimeException | LinkageError e) {
            HeldDescriptors h = new HeldDescriptors(null);
            h.notes.add("no inventory of the descriptors (" + e + "): files open for writing are not shared");
            return h;
        }
    }

    /** Why no checkpoint may be taken, or null. */
    String refusal() {
        if (inventory == null) {
            return null;
        }
        if (inventory.sharedFds().length > HeldFiles.MAX_SHARED) {
            return inventory.sharedFds().length + " files are open for writing (at most " + HeldFiles.MAX_SHARED
                    + " can be shared) at initialisationComplete; close some in beforeCheckpoint or open them after";
        }
        return inventory.refusal();
    }

    /**
     * Sends HELD_FILES after the request. With {@code checkpoint} (no refusal), the deleteOnExit
     * list goes with it and the descriptors of files open for writing ride on the frame.
     */
    void send(UnixConnection manager, boolean checkpoint) throws IOException {
        List<String> deleteAtEnd = List.of();
        if (checkpoint) {
            try {
                deleteAtEnd = DeleteOnExitList.take();
            } catch (IllegalStateException e) {
                notes.add("deleteOnExit files stay the JDK's (each copy deletes them at its exit): " + e.getMessage());
            }
        }
        List<String> lines = new ArrayList<>(inventory == null ? List.of() : inventory.lines());
        lines.addAll(notes);
        if (lines.isEmpty() && deleteAtEnd.isEmpty()) {
            return;
        }
        boolean share = inventory != null && checkpoint;
        manager.writeFrame(new HeldFiles(lines, share ? inventory.sharedPaths() : List.of(),
                share ? inventory.programReadOnly() : List.of(), deleteAtEnd).toFrame(),
                share ? inventory.sharedFds() : new int[0]);
    }
}
