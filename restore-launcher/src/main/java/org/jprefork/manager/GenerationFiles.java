package org.jprefork.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jprefork.engine.InheritedFile;
import org.jprefork.internal.unix.Posix;
import org.jprefork.protocol.HeldFiles;

/**
 * What a generation's template held at its checkpoint and the generation keeps until it ends:
 * the open file descriptions of files open for writing, which every copy gets in place of its
 * own (so they share one offset, as fork's children do); and the files registered with
 * deleteOnExit, deleted when the generation ends rather than when a copy exits.
 */
final class GenerationFiles {
    private static final int SEEK_CUR = 1;
    private final HeldFiles held;
    private final int[] fds;
    /** Identity of each shared file at the checkpoint ({@code BasicFileAttributes.fileKey}). */
    private final List<Object> keys = new ArrayList<>();
    private final boolean[] appends;
    private final Path doeRecord;
    private int leases;
    private boolean closed;

    /**
     * @param doeRecord where the deleteOnExit list is written, beside the image, so that a
     *                  successor of a manager that died deletes them (Leftovers)
     */
    GenerationFiles(HeldFiles held, int[] fds, Path doeRecord) {
        this.held = held;
        this.fds = fds.clone();
        this.doeRecord = doeRecord;
        this.appends = new boolean[fds.length];
        for (int i = 0; i < fds.length; i++) {
            keys.add(attributes(Path.of("/proc/self/fd/" + fds[i])).map(BasicFileAttributes::fileKey).orElse(null));
            appends[i] = appends(fds[i]);
        }
        if (!held.deleteAtEnd().isEmpty()) {
            try {
                Files.deleteIfExists(doeRecord);
                Files.write(Files.createFile(doeRecord, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), held.deleteAtEnd());
            } catch (IOException e) {
                ManagerLog.error("cannot record the deleteOnExit files in " + doeRecord, e);
            }
        }
    }

    HeldFiles held() {
        return held;
    }

    /** The files copies inherit, for one restore: release with {@link #releaseLease()} after it. */
    synchronized List<InheritedFile> lease() {
        if (closed) {
            return null; // the generation ended: no more copies
        }
        leases++;
        List<InheritedFile> out = new ArrayList<>();
        for (int i = 0; i < fds.length; i++) {
            out.add(new InheritedFile(fds[i], held.shared().get(i)));
        }
        return out;
    }

    synchronized void releaseLease() {
        leases--;
        if (closed && leases == 0) {
            closeFds();
        }
    }

    private void closeFds() {
        for (int fd : fds) {
            Posix.closeQuietly(fd);
        }
    }

    /**
     * A shared file whose path no longer leads to the file copies write to (deleted, replaced),
     * or that was cut shorter than the shared offset (truncated, without O_APPEND, where the next
     * write would leave a hole): copies would write where nobody reads. Null when none.
     */
    synchronized Path firstChanged() {
        for (int i = 0; i < fds.length && !closed; i++) {
            Path path = Path.of(held.shared().get(i));
            // The offset first: copies writing meanwhile move it and the size together, so a
            // size read after it is smaller only if the file was cut.
            long offset = Posix.get().lseekLong(fds[i], 0, SEEK_CUR);
            BasicFileAttributes now = attributes(path).orElse(null);
            if (now == null || !Objects.equals(now.fileKey(), keys.get(i))) {
                return path;
            }
            if (offset > now.size() && !appends[i]) {
                return path;
            }
        }
        return null;
    }

    private static boolean appends(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).trim(), 8) & 02000) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not known: taken as not appending
        }
        return false;
    }

    /**
     * The generation ended (no copy of it runs, none will be made): closes the descriptions
     * (once a restore under way has them no more: a descriptor number closed under it could be
     * reused for another file) and deletes the deleteOnExit files, last registered first, as
     * the JDK does.
     */
    void end(String generation) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (leases == 0) {
                closeFds();
            }
        }
        deleteAll(held.deleteAtEnd(), generation);
        try {
            Files.deleteIfExists(doeRecord);
        } catch (IOException e) {
            // it goes with the pool's directory
        }
    }

    /** Deletes deleteOnExit files, last registered first; for a generation's end, or a dead manager's. */
    static void deleteAll(List<String> paths, String whose) {
        List<String> reversed = new ArrayList<>(paths);
        java.util.Collections.reverse(reversed);
        for (String p : reversed) {
            try {
                if (Files.deleteIfExists(Path.of(p))) {
                    ManagerLog.info(whose + ": deleted " + p + " (deleteOnExit before the checkpoint)");
                }
            } catch (IOException | RuntimeException e) {
                ManagerLog.info(whose + ": could not delete " + p + " (deleteOnExit): " + e);
            }
        }
    }

    /** For status: {@code held_shared}, {@code held_read_only}, {@code held_total}, {@code delete_at_end}. */
    java.util.Map<String, String> status() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("held_shared", Integer.toString(held.shared().size()));
        m.put("held_read_only", Integer.toString(held.readOnly().size()));
        m.put("held_total", Integer.toString(held.inventory().size()));
        m.put("delete_at_end", Integer.toString(held.deleteAtEnd().size()));
        return m;
    }

    private static java.util.Optional<BasicFileAttributes> attributes(Path p) {
        try {
            return java.util.Optional.of(Files.readAttributes(p, BasicFileAttributes.class));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
