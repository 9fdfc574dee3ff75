package org.jprefork.internal.descriptors;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jprefork.internal.unix.Posix;
import org.jprefork.internal.unix.SocketCalls;

/** This process's descriptors as /proc shows them, and the {@link Facts} the inventory needs. */
final class ProcSelf implements Facts {
    private static final Path FD = Path.of("/proc/self/fd");
    private static final int S_IFMT = 0170000;

    /** Every descriptor but 0-2, in order. */
    List<Inventory.Raw> descriptors() throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(FD)) {
            for (Path p : dir) {
                numbers.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        numbers.sort(null);
        List<Inventory.Raw> out = new ArrayList<>();
        for (int fd : numbers) {
            if (fd <= 2) {
                continue;
            }
            try {
                String target = Files.readSymbolicLink(FD.resolve(Integer.toString(fd))).toString();
                String info = Files.readString(Path.of("/proc/self/fdinfo/" + fd));
                out.add(new Inventory.Raw(fd, target, FdInfo.parse(info)));
            } catch (java.nio.file.NoSuchFileException e) {
                // closed meanwhile (the directory listing's own descriptor among them)
            }
        }
        return out;
    }

    /**
     * The socket tables that name the descriptors' sockets, read in turn until every one is
     * found: the kernel walks its whole TCP hash table for tcp and tcp6 (1-2 ms each here), and
     * a template usually holds Unix sockets only.
     */
    static SocketTables sockets(List<Inventory.Raw> raws) throws IOException {
        SocketTables t = new SocketTables();
        List<Long> wanted = new ArrayList<>();
        for (Inventory.Raw r : raws) {
            long inode = Inventory.inode(r.target(), "socket:[");
            if (inode >= 0) {
                wanted.add(inode);
            }
        }
        for (String name : List.of("unix", "tcp6", "tcp", "udp6", "udp")) {
            if (wanted.stream().allMatch(i -> t.get(i) != null)) {
                break;
            }
            Path table = Path.of("/proc/self/net/" + name);
            if (Files.isReadable(table)) {
                t.add(name, Files.readString(table));
            }
        }
        return t;
    }

    @Override
    public char type(int fd) {
        try {
            // stat(2) itself: the JDK's "unix:mode" attribute also looks the owner up (NSS,
            // which may connect to a daemon): 0.9 s in a fresh JVM here.
            int mode = Posix.get().stat(FD + "/" + fd).mode();
            return switch (mode & S_IFMT) {
                case 0100000 -> 'f';
                case 0040000 -> 'd';
                case 0020000 -> 'c';
                case 0060000 -> 'b';
                case 0010000 -> 'p';
                case 0140000 -> 's';
                default -> '?';
            };
        } catch (RuntimeException e) {
            return '?';
        }
    }

    @Override
    public String unixPeerName(int fd) {
        return SocketCalls.peerName(fd);
    }

    @Override
    public long unixPeerPid(int fd) {
        return SocketCalls.peerPid(fd);
    }

    @Override
    public long selfPid() {
        return Posix.get().getpid();
    }

    @Override
    public String pipeHolder(long inode) {
        String link = "pipe:[" + inode + "]";
        String self;
        try {
            self = Path.of("/proc/self").toRealPath().getFileName().toString();
        } catch (IOException e) {
            return null;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (proc.getFileName().toString().equals(self) || !holds(proc, link)) {
                    continue;
                }
                String comm = "";
                try {
                    comm = " (" + Files.readString(proc.resolve("comm")).trim() + ")";
                } catch (IOException e) {
                    // gone meanwhile: the PID still says who
                }
                return "process " + proc.getFileName() + comm;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean holds(Path proc, String link) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(link)) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // another user's process, or gone
        }
        return false;
    }

    @Override
    public boolean sameDescription(int a, int b) {
        Boolean same = SocketCalls.sameDescription(a, b);
        if (same != null) {
            return same;
        }
        // Without kcmp: descriptors made by dup(2) show the same flags and offset.
        try {
            FdInfo x = FdInfo.parse(Files.readString(Path.of("/proc/self/fdinfo/" + a)));
            FdInfo y = FdInfo.parse(Files.readString(Path.of("/proc/self/fdinfo/" + b)));
            int cloexec = 02000000;
            return (x.flags() & ~cloexec) == (y.flags() & ~cloexec) && x.pos() == y.pos();
        } catch (IOException e) {
            return false;
        }
    }
}
