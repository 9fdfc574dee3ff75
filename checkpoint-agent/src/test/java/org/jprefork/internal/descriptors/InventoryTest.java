package org.jprefork.internal.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class InventoryTest {
    private static final FdInfo READ = FdInfo.parse("pos:\t10\nflags:\t0100000\n");
    private static final FdInfo WRITE = FdInfo.parse("pos:\t5\nflags:\t0100001\n");
    private static final FdInfo APPEND = FdInfo.parse("pos:\t5\nflags:\t0102001\n");
    private static final FdInfo RDWR = FdInfo.parse("pos:\t0\nflags:\t02\n");

    /** The system as the test describes it. */
    static final class FakeFacts implements Facts {
        final Map<Integer, Character> types = new HashMap<>();
        final Map<Integer, String> peerNames = new HashMap<>();
        final Map<Integer, Long> peerPids = new HashMap<>();
        final Map<Long, String> pipeHolders = new HashMap<>();
        final List<Set<Integer>> sameDescriptions = new ArrayList<>();

        @Override
        public char type(int fd) {
            return types.getOrDefault(fd, 'f');
        }

        @Override
        public String unixPeerName(int fd) {
            return peerNames.get(fd);
        }

        @Override
        public long unixPeerPid(int fd) {
            return peerPids.getOrDefault(fd, 0L);
        }

        @Override
        public long selfPid() {
            return 1;
        }

        @Override
        public String pipeHolder(long inode) {
            return pipeHolders.get(inode);
        }

        @Override
        public boolean sameDescription(int a, int b) {
            return sameDescriptions.stream().anyMatch(s -> s.contains(a) && s.contains(b));
        }
    }

    private final FakeFacts facts = new FakeFacts();
    private final SocketTables sockets = new SocketTables()
            .add("tcp6", "header\n"
                    + "   0: 0000000000000000FFFF00000100007F:B3E6 0000000000000000FFFF00000100007F:1538 01 00000000:00000000 "
                    + "00:00000000 00000000     0        0 32001 1\n"
                    + "   1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 "
                    + "00:00000000 00000000     0        0 32004 1\n")
            .add("unix", "Num       RefCount Protocol Flags    Type St Inode Path\n"
                    + "0: 00000003 00000000 00000000 0001 03 34002\n"
                    + "0: 00000003 00000000 00000000 0001 03 34003\n"
                    + "0: 00000003 00000000 00000000 0002 03 34005\n"
                    + "0: 00000002 00000000 00010000 0001 01 34006 /run/own.sock\n"
                    + "0: 00000002 00000000 00000000 0002 01 34007 /run/own-dgram.sock\n"
                    + "0: 00000003 00000000 00000000 0002 03 34008\n");
    private final Ownership owners = new Ownership(Set.of(3, 4), List.of("/opt/jprefork/agent.jar"), "/usr/lib/jvm/jdk");

    private Inventory of(Inventory.Raw... raws) {
        return Inventory.classify(List.of(raws), sockets, owners, facts);
    }

    private static Inventory.Raw raw(int fd, String target, FdInfo info) {
        return new Inventory.Raw(fd, target, info);
    }

    @Test
    void filesOpenForWritingAreSharedReadOnlyOnesPerCopy() {
        Inventory inv = of(raw(3, "pipe:[900]", READ), raw(4, "socket:[901]", RDWR),
                raw(5, "/usr/lib/jvm/jdk/lib/modules", READ), raw(6, "/opt/jprefork/agent.jar", READ),
                raw(7, "/tmp/app.log", WRITE), raw(8, "/tmp/audit.log", APPEND), raw(9, "/etc/data.txt", READ),
                raw(10, "/var/db/file", RDWR));
        assertNull(inv.refusal());
        assertEquals(List.of("/tmp/app.log", "/tmp/audit.log", "/var/db/file"), inv.sharedPaths());
        assertEquals(7, inv.sharedFds()[0]);
        assertEquals(List.of("/etc/data.txt"), inv.programReadOnly(), "neither the JDK's nor jprefork's");
        List<String> lines = inv.lines();
        assertEquals("fd 3: pipe:[900] (jprefork's)", lines.get(0));
        assertEquals("fd 5: /usr/lib/jvm/jdk/lib/modules, regular file, read-only at offset 10 (the JDK's); "
                + "each copy reads on from the checkpoint's offset", lines.get(2));
        assertEquals("fd 7: /tmp/app.log, regular file, write-only; shared by every copy of the generation", lines.get(4));
        assertEquals("fd 8: /tmp/audit.log, regular file, write-only, append; shared by every copy of the generation",
                lines.get(5));
    }

    @Test
    void aTcpConnectionIsRefusedWithItsPeer() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "sample lines of a little-endian host");
        assertEquals("fd 12 is a TCP connection to 127.0.0.1:5432 opened before initialisationComplete; "
                + "close it in beforeCheckpoint or open it after", of(raw(12, "socket:[32001]", RDWR)).refusal());
    }

    @Test
    void listenersAndBoundUdpSocketsAreRefusedUnboundOnesKept() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "sample lines of a little-endian host");
        sockets.add("udp", "header\n"
                + "  1: 0100007F:D431 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 33001 2\n"
                + "  2: 00000000:0000 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 33002 2\n");
        assertTrue(of(raw(11, "socket:[32004]", RDWR)).refusal().startsWith(
                "fd 11 is a TCP socket listening on [::]:8080 opened before initialisationComplete"));
        assertTrue(of(raw(13, "socket:[34006]", RDWR)).refusal().startsWith(
                "fd 13 is a Unix socket listening on /run/own.sock opened"));
        assertTrue(of(raw(14, "socket:[33001]", RDWR)).refusal().startsWith(
                "fd 14 is a UDP socket bound to 127.0.0.1:54321 opened"));
        assertNull(of(raw(15, "socket:[33002]", RDWR)).refusal());
    }

    @Test
    void unixSocketsWithinTheProgramAreKeptOthersRefused() {
        facts.peerNames.put(20, "");
        facts.peerPids.put(20, 1L); // a socketpair of this process
        facts.peerNames.put(21, "/run/postgresql/.s.PGSQL.5432");
        facts.peerPids.put(21, 0L);
        assertNull(of(raw(20, "socket:[34002]", RDWR)).refusal());
        assertTrue(of(raw(24, "socket:[34007]", RDWR)).refusal().startsWith(
                "fd 24 is a Unix datagram socket bound to /run/own-dgram.sock opened"), "each copy would bind it anew");
        assertEquals("fd 21 is a Unix socket connected to /run/postgresql/.s.PGSQL.5432 opened before "
                + "initialisationComplete; close it in beforeCheckpoint or open it after",
                of(raw(20, "socket:[34002]", RDWR), raw(21, "socket:[34003]", RDWR)).refusal());
        facts.peerNames.put(25, "");
        assertTrue(of(raw(25, "socket:[34008]", RDWR)).refusal().startsWith(
                "fd 25 is a Unix datagram socket connected to another process opened before"));
    }

    @Test
    void pipesAreRefusedOnlyWhenAnotherProcessHoldsTheOtherEnd() {
        assertNull(of(raw(30, "pipe:[700]", READ), raw(31, "pipe:[700]", WRITE)).refusal(), "both ends are ours");
        assertNull(of(raw(30, "pipe:[701]", READ)).refusal(), "the other end is closed");
        facts.pipeHolders.put(702L, "process 4567 (cat)");
        assertEquals("fd 30 is a pipe to process 4567 (cat) opened before initialisationComplete; close it in "
                + "beforeCheckpoint or open it after", of(raw(30, "pipe:[702]", WRITE)).refusal());
    }

    @Test
    void devicesDirectoriesAnonInodesAndMemfdsAreKept() {
        facts.types.put(40, 'c');
        facts.types.put(41, 'd');
        Inventory inv = of(raw(40, "/dev/urandom", READ), raw(41, "/tmp", READ), raw(42, "anon_inode:[eventpoll]", RDWR),
                raw(43, "/memfd:buffer (deleted)", RDWR), raw(44, "/tmp/scratch (deleted)", RDWR));
        assertNull(inv.refusal());
        assertEquals(List.of(), inv.sharedPaths(), "neither a memfd nor a deleted file can be found by path");
        assertEquals("fd 40: /dev/urandom, device, read-only", inv.lines().get(0));
        assertTrue(inv.lines().get(4).contains("each copy has its own copy of it"), inv.lines().get(4));
    }

    @Test
    void aNamedPipeIsRefused() {
        facts.types.put(50, 'p');
        assertTrue(of(raw(50, "/tmp/fifo", READ)).refusal().startsWith("fd 50 is a named pipe (/tmp/fifo) opened"));
    }

    @Test
    void twoOpeningsOfAFileOneWritingAreRefusedDupsAreNot() {
        facts.sameDescriptions.add(Set.of(60, 61));
        assertNull(of(raw(60, "/tmp/out", WRITE), raw(61, "/tmp/out", WRITE)).refusal(), "a dup shares the description");
        assertEquals("fd 62 is a second opening of /tmp/out (fd 60 is another), one of them for writing opened before "
                + "initialisationComplete; close it in beforeCheckpoint or open it after",
                of(raw(60, "/tmp/out", WRITE), raw(62, "/tmp/out", READ)).refusal());
        assertNull(of(raw(63, "/tmp/in", READ), raw(64, "/tmp/in", READ)).refusal(), "two readers restore apart");
    }
}
