package org.jprefork.internal.descriptors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's socket tables ({@code /proc/self/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6},
 * {@code unix}), indexed by inode: what kind of socket a {@code socket:[INODE]} descriptor is,
 * its state and its addresses.
 */
final class SocketTables {
    /** One socket as its table shows it. */
    record Entry(String protocol, int state, String local, String remote, boolean listening, int unixType,
                 String path) {
        /** A TCP socket connected, connecting or closing (neither listening nor idle). */
        boolean tcpConnection() {
            return protocol.equals("TCP") && state != TCP_LISTEN && state != TCP_CLOSE;
        }

        /** A UDP socket given a peer with connect(2). */
        boolean udpConnected() {
            return protocol.equals("UDP") && state == TCP_ESTABLISHED;
        }
    }

    static final int TCP_ESTABLISHED = 0x01;
    static final int TCP_CLOSE = 0x07;
    static final int TCP_LISTEN = 0x0A;
    static final int UNIX_ACCEPTCON = 0x10000;
    static final int UNIX_STREAM = 1;
    static final int UNIX_DGRAM = 2;
    static final int UNIX_SEQPACKET = 5;

    private final Map<Long, Entry> byInode = new HashMap<>();

    /** Adds the lines of one table; {@code name} is its file name (tcp, tcp6, udp, udp6, unix). */
    SocketTables add(String name, String text) {
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) { // the first line is the header
            String[] f = lines[i].trim().split("\\s+");
            try {
                if (name.equals("unix")) {
                    addUnix(f);
                } else if (f.length > 9) {
                    String protocol = name.startsWith("tcp") ? "TCP" : "UDP";
                    byInode.put(Long.parseLong(f[9]), new Entry(protocol, Integer.parseInt(f[3], 16),
                            address(f[1]), address(f[2]), Integer.parseInt(f[3], 16) == TCP_LISTEN, 0, null));
                }
            } catch (RuntimeException e) {
                // a line this parser does not understand: that socket shows as of an unknown kind
            }
        }
        return this;
    }

    private void addUnix(String[] f) {
        if (f.length < 7) {
            return;
        }
        int flags = Integer.parseInt(f[3], 16);
        String path = f.length > 7 ? String.join(" ", java.util.Arrays.copyOfRange(f, 7, f.length)) : null;
        byInode.put(Long.parseLong(f[6]), new Entry("Unix", Integer.parseInt(f[5], 16), path, null,
                (flags & UNIX_ACCEPTCON) != 0, Integer.parseInt(f[4], 16), path));
    }

    Entry get(long inode) {
        return byInode.get(inode);
    }

    /**
     * An address as the tables print it ({@code 0100007F:1538}: the address as the machine's
     * words in hex, then the port) as {@code 127.0.0.1:5432} or {@code [::1]:5432}; an
     * IPv4-mapped IPv6 address (a Java socket to an IPv4 host) shows as IPv4.
     */
    static String address(String field) {
        int colon = field.indexOf(':');
        String hex = field.substring(0, colon);
        int port = Integer.parseInt(field.substring(colon + 1), 16);
        ByteBuffer bytes = ByteBuffer.allocate(hex.length() / 2).order(ByteOrder.nativeOrder());
        for (int i = 0; i < hex.length(); i += 8) {
            bytes.putInt((int) Long.parseLong(hex.substring(i, i + 8), 16));
        }
        byte[] a = bytes.array();
        if (a.length == 16 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        return a.length == 4 ? v4(a) + ":" + port : "[" + v6(a) + "]:" + port;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static String v4(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** RFC 5952 text: lowercase hex groups, the longest run of two or more zero groups as "::". */
    private static String v6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
