package org.jprefork.internal.descriptors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Lines as Linux 6.x prints them on x86-64 (little-endian: the tables show addresses as host words). */
class SocketTablesTest {
    private static final String TCP = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            + "timeout inode\n"
            + "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31001 1 "
            + "0000000000000000 100 0 0 10 0\n"
            + "   1: 0100007F:A2C4 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 31002 1 "
            + "0000000000000000 20 4 30 10 -1\n"
            + "   2: 0100007F:A2C6 0100007F:1538 08 00000000:00000000 00:00000000 00000000     0        0 31003 1\n";
    private static final String TCP6 = "  sl  local_address                         remote_address                        st "
            + "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 0000000000000000FFFF00000100007F:B3E6 0000000000000000FFFF00000100007F:1538 01 00000000:00000000 "
            + "00:00000000 00000000     0        0 32001 1 0000000000000000 20 4 30 10 -1\n"
            + "   1: 00000000000000000000000001000000:C001 00000000000000000000000001000000:0050 01 00000000:00000000 "
            + "00:00000000 00000000     0        0 32002 1\n"
            + "   2: B80D0120000000000000000001000000:C002 B80D0120000000000000000002000000:01BB 02 00000000:00000000 "
            + "00:00000000 00000000     0        0 32003 1\n"
            + "   3: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 "
            + "00:00000000 00000000     0        0 32004 1\n";
    private static final String UDP = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            + "timeout inode ref pointer drops\n"
            + "  100: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 33001 2 "
            + "0000000000000000 0\n"
            + "  101: 0100007F:D431 3500007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 33002 2 "
            + "0000000000000000 0\n";
    private static final String UNIX = "Num       RefCount Protocol Flags    Type St Inode Path\n"
            + "0000000000000000: 00000002 00000000 00010000 0001 01 34001 /run/app.sock\n"
            + "0000000000000000: 00000003 00000000 00000000 0001 03 34002\n"
            + "0000000000000000: 00000002 00000000 00000000 0002 01 34003\n"
            + "0000000000000000: 00000002 00000000 00010000 0001 01 34004 @abstract name\n";

    private static SocketTables tables() {
        return new SocketTables().add("tcp", TCP).add("tcp6", TCP6).add("udp", UDP).add("unix", UNIX);
    }

    @Test
    void tcpStatesAndAddresses() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "sample lines of a little-endian host");
        SocketTables t = tables();
        SocketTables.Entry listener = t.get(31001);
        assertTrue(listener.listening());
        assertFalse(listener.tcpConnection());
        assertEquals("0.0.0.0:8080", listener.local());
        SocketTables.Entry db = t.get(31002);
        assertTrue(db.tcpConnection());
        assertEquals("127.0.0.1:5432", db.remote());
        assertEquals("127.0.0.1:41668", db.local());
        assertTrue(t.get(31003).tcpConnection(), "CLOSE_WAIT is still a connection");
    }

    @Test
    void tcp6ShowsMappedIpv4AsIpv4AndCompressesZeros() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "sample lines of a little-endian host");
        SocketTables t = tables();
        assertEquals("127.0.0.1:5432", t.get(32001).remote(), "a Java socket to an IPv4 host");
        assertEquals("[::1]:80", t.get(32002).remote());
        assertEquals("[2001:db8::2]:443", t.get(32003).remote());
        assertTrue(t.get(32003).tcpConnection(), "SYN_SENT: connecting");
        assertEquals("[::]:8080", t.get(32004).local());
        assertTrue(t.get(32004).listening());
    }

    @Test
    void udpConnectedOrNot() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "sample lines of a little-endian host");
        SocketTables t = tables();
        assertFalse(t.get(33001).udpConnected());
        assertEquals("0.0.0.0:68", t.get(33001).local());
        assertTrue(t.get(33002).udpConnected());
        assertEquals("127.0.0.53:53", t.get(33002).remote());
    }

    @Test
    void unixListenersTypesAndPaths() {
        SocketTables t = tables();
        assertTrue(t.get(34001).listening());
        assertEquals("/run/app.sock", t.get(34001).path());
        assertEquals(SocketTables.UNIX_STREAM, t.get(34002).unixType());
        assertNull(t.get(34002).path());
        assertEquals(SocketTables.UNIX_DGRAM, t.get(34003).unixType());
        assertEquals("@abstract name", t.get(34004).path());
        assertNull(t.get(99999));
    }

    @Test
    void linesItCannotReadAreSkipped() {
        SocketTables t = new SocketTables().add("tcp", "header\n   0: garbage\n\n").add("unix", "header\nshort line\n");
        assertNull(t.get(0));
    }
}
