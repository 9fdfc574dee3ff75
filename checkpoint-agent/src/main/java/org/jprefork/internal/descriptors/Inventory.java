package org.jprefork.internal.descriptors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every descriptor a template holds at its checkpoint, each with what copies get: shared files
 * open for writing (as a fork shares them), read-only files restored per copy, the rest kept; or
 * a refusal, when the image would hold a connection or pipe to another process.
 */
public final class Inventory {
    /** One descriptor as /proc shows it. */
    record Raw(int fd, String target, FdInfo info) {
    }

    private static final String DELETED = " (deleted)";
    private final List<Descriptor> descriptors;

    private Inventory(List<Descriptor> descriptors) {
        this.descriptors = List.copyOf(descriptors);
    }

    /**
     * The inventory of this process's descriptors beyond 0-2: {@code ownFds} are jprefork's
     * (the control pipe, the connection to the manager).
     */
    public static Inventory take(java.util.Set<Integer> ownFds) throws java.io.IOException {
        ProcSelf proc = new ProcSelf();
        List<Raw> raws = proc.descriptors();
        return classify(raws, ProcSelf.sockets(raws), new Ownership(ownFds, List.of(agentJar()), jdkHome()), proc);
    }

    private static String agentJar() {
        try {
            return java.nio.file.Path.of(Inventory.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toRealPath().toString();
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return "";
        }
    }

    private static String jdkHome() {
        try {
            return java.nio.file.Path.of(System.getProperty("java.home")).toRealPath().toString();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    static Inventory classify(List<Raw> raws, SocketTables sockets, Ownership owners, Facts facts) {
        Map<Long, Integer> pipeEnds = new HashMap<>();
        for (Raw r : raws) {
            long pipe = inode(r.target(), "pipe:[");
            if (pipe >= 0) {
                pipeEnds.merge(pipe, 1, Integer::sum);
            }
        }
        List<Descriptor> out = new ArrayList<>();
        for (Raw r : raws) {
            out.add(one(r, owners.of(r.fd(), r.target()), sockets, pipeEnds, facts));
        }
        return new Inventory(separateOpenings(out, raws, facts));
    }

    private static Descriptor one(Raw r, Descriptor.Owner owner, SocketTables sockets, Map<Long, Integer> pipeEnds,
                                  Facts facts) {
        String t = r.target();
        if (owner == Descriptor.Owner.JPREFORK) {
            return new Descriptor(r.fd(), t, owner, Descriptor.Treatment.OWN, t);
        }
        long socket = inode(t, "socket:[");
        if (socket >= 0) {
            return Sockets.classify(r.fd(), t, sockets.get(socket), facts);
        }
        long pipe = inode(t, "pipe:[");
        if (pipe >= 0) {
            if (pipeEnds.get(pipe) > 1) {
                return kept(r, owner, "pipe, both ends in the program");
            }
            String holder = facts.pipeHolder(pipe);
            return holder == null ? kept(r, owner, "pipe whose other end is closed")
                    : new Descriptor(r.fd(), t, owner, Descriptor.Treatment.REFUSED, "a pipe to " + holder);
        }
        if (t.startsWith("/memfd:")) {
            return kept(r, owner, "memfd " + t.substring(1) + ", " + r.info().mode() + " (each copy has its own copy)");
        }
        if (!t.startsWith("/")) {
            return kept(r, owner, t);
        }
        return file(r, owner, facts.type(r.fd()));
    }

    private static Descriptor file(Raw r, Descriptor.Owner owner, char type) {
        String t = r.target();
        String mode = r.info().mode();
        switch (type) {
            case 'f':
                if (t.endsWith(DELETED)) {
                    return kept(r, owner, t + ", regular file, " + mode + " (deleted before the checkpoint: each copy "
                            + "has its own copy of it)");
                }
                if (r.info().writable()) {
                    if (t.indexOf('\uFFFD') >= 0) {
                        return new Descriptor(r.fd(), t, owner, Descriptor.Treatment.REFUSED, "open for writing on a "
                                + "file whose name is not valid in the JVM's file name encoding (" + t + ")");
                    }
                    return new Descriptor(r.fd(), t, owner, Descriptor.Treatment.SHARED, t + ", regular file, " + mode);
                }
                return new Descriptor(r.fd(), t, owner, Descriptor.Treatment.PER_COPY,
                        t + ", regular file, " + mode + " at offset " + r.info().pos());
            case 'd':
                return kept(r, owner, t + ", directory");
            case 'c':
            case 'b':
                return kept(r, owner, t + ", device, " + mode);
            case 'p':
                return new Descriptor(r.fd(), t, owner, Descriptor.Treatment.REFUSED, "a named pipe (" + t + ")");
            default:
                return kept(r, owner, t);
        }
    }

    /**
     * Copies receive a shared file by its path, so each path may have one open file description
     * only when one of them writes: two separate openings (say, one writing and one reading it
     * back) could not both be given back.
     */
    private static List<Descriptor> separateOpenings(List<Descriptor> ds, List<Raw> raws, Facts facts) {
        Map<String, Descriptor> firstByPath = new HashMap<>();
        List<Descriptor> out = new ArrayList<>(ds);
        for (int i = 0; i < ds.size(); i++) {
            Descriptor d = ds.get(i);
            if (d.treatment() != Descriptor.Treatment.SHARED && d.treatment() != Descriptor.Treatment.PER_COPY) {
                continue;
            }
            Descriptor first = firstByPath.putIfAbsent(d.target(), d);
            if (first == null || facts.sameDescription(first.fd(), d.fd())) {
                continue;
            }
            boolean writes = first.treatment() == Descriptor.Treatment.SHARED || d.treatment() == Descriptor.Treatment.SHARED;
            if (writes) {
                out.set(i, new Descriptor(d.fd(), d.target(), d.owner(), Descriptor.Treatment.REFUSED,
                        "a second opening of " + d.target() + " (fd " + first.fd() + " is another), one of them "
                                + "for writing"));
            }
        }
        return out;
    }

    private static Descriptor kept(Raw r, Descriptor.Owner owner, String description) {
        return new Descriptor(r.fd(), r.target(), owner, Descriptor.Treatment.KEPT, description);
    }

    /** The number in {@code prefix123]}, or -1 when the target is not of that form. */
    static long inode(String target, String prefix) {
        if (!target.startsWith(prefix) || !target.endsWith("]")) {
            return -1;
        }
        try {
            return Long.parseLong(target.substring(prefix.length(), target.length() - 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    List<Descriptor> descriptors() {
        return descriptors;
    }

    /**
     * Why no checkpoint may be taken (the first descriptor that forbids one), as the line to
     * the caller goes on after {@code jprefork: checkpoint refused: }; null when it may.
     */
    public String refusal() {
        for (Descriptor d : descriptors) {
            if (d.treatment() == Descriptor.Treatment.REFUSED) {
                return "fd " + d.fd() + " is " + d.description() + " opened before initialisationComplete; "
                        + "close it in beforeCheckpoint or open it after";
            }
        }
        return null;
    }

    List<Descriptor> shared() {
        return descriptors.stream().filter(d -> d.treatment() == Descriptor.Treatment.SHARED).toList();
    }

    /** The descriptors of the files open for writing, which the manager shares with every copy. */
    public int[] sharedFds() {
        return shared().stream().mapToInt(Descriptor::fd).toArray();
    }

    /** Their paths, in the same order. */
    public List<String> sharedPaths() {
        return shared().stream().map(Descriptor::target).toList();
    }

    /** The program's own files open read-only: a change to one makes the image stale. */
    public List<String> programReadOnly() {
        return descriptors.stream().filter(d -> d.treatment() == Descriptor.Treatment.PER_COPY
                && d.owner() == Descriptor.Owner.PROGRAM).map(Descriptor::target).distinct().toList();
    }

    public List<String> lines() {
        return descriptors.stream().map(Descriptor::logLine).toList();
    }
}
