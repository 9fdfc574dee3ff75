package org.jprefork.internal.descriptors;

/**
 * What a socket held at the checkpoint means for copies. A connection to another process cannot
 * be in an image that many copies restore (the peer expects one process, not one per call), nor
 * can a listener or a bound UDP socket (one address, which fork's children would share, and
 * copies cannot: criu 4.1.1 fails to dump TCP and UDP ones here, and each copy would bind a Unix
 * one's path anew). Sockets whose peer is the program itself, and unbound ones, are restored as
 * they are.
 */
final class Sockets {
    private Sockets() {
    }

    static Descriptor classify(int fd, String target, SocketTables.Entry s, Facts facts) {
        if (s == null) {
            return kept(fd, target, "socket of a kind jprefork does not inspect (" + target + ")");
        }
        switch (s.protocol()) {
            case "TCP":
                if (s.listening()) {
                    return refused(fd, target, "a TCP socket listening on " + s.local());
                }
                if (s.tcpConnection()) {
                    return refused(fd, target, "a TCP connection to " + s.remote());
                }
                return kept(fd, target, "TCP socket, not connected");
            case "UDP":
                if (s.udpConnected()) {
                    return refused(fd, target, "a UDP socket connected to " + s.remote());
                }
                if (!s.local().endsWith(":0")) {
                    return refused(fd, target, "a UDP socket bound to " + s.local());
                }
                return kept(fd, target, "UDP socket, not bound");
            default:
                return unix(fd, target, s, facts);
        }
    }

    private static Descriptor unix(int fd, String target, SocketTables.Entry s, Facts facts) {
        String kind = s.unixType() == SocketTables.UNIX_DGRAM ? "Unix datagram socket" : "Unix socket";
        if (s.listening()) {
            return refused(fd, target, "a " + kind + " listening on " + s.path());
        }
        String peer = facts.unixPeerName(fd);
        if (peer == null) {
            return s.path() == null ? kept(fd, target, kind + ", not connected")
                    : refused(fd, target, "a " + kind + " bound to " + s.path());
        }
        // SO_PEERCRED names the peer of a stream socket (a socketpair's: its maker); a datagram
        // socket's peer is bound to an address, which would itself be refused if it were ours.
        if (s.unixType() != SocketTables.UNIX_DGRAM && facts.unixPeerPid(fd) == facts.selfPid()) {
            return kept(fd, target, kind + ", connected within the program");
        }
        return refused(fd, target, "a " + kind + " connected to " + (peer.isEmpty() ? "another process" : peer));
    }

    private static Descriptor refused(int fd, String target, String description) {
        return new Descriptor(fd, target, Descriptor.Owner.PROGRAM, Descriptor.Treatment.REFUSED, description);
    }

    private static Descriptor kept(int fd, String target, String description) {
        return new Descriptor(fd, target, Descriptor.Owner.PROGRAM, Descriptor.Treatment.KEPT, description);
    }
}
