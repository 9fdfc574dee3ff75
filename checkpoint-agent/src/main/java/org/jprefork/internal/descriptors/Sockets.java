package org.jprefork.internal.descriptors;

import java.util.List;

/**
 * What a socket held at the checkpoint means for copies: a listener or an unconnected socket is
 * restored as it is; a connection to another process cannot be in an image that many copies
 * restore (the peer expects one process, not one per call).
 */
final class Sockets {
    private Sockets() {
    }

    static Descriptor classify(int fd, String target, SocketTables.Entry s, List<String> ownBound, Facts facts) {
        Descriptor.Owner owner = Descriptor.Owner.PROGRAM;
        if (s == null) {
            return kept(fd, target, "socket of a kind jprefork does not inspect (" + target + ")");
        }
        switch (s.protocol()) {
            case "TCP":
                if (s.listening()) {
                    return kept(fd, target, "TCP socket listening on " + s.local());
                }
                if (s.tcpConnection()) {
                    return new Descriptor(fd, target, owner, Descriptor.Treatment.REFUSED, "a TCP connection to " + s.remote());
                }
                return kept(fd, target, "TCP socket, not connected");
            case "UDP":
                if (s.udpConnected()) {
                    return new Descriptor(fd, target, owner, Descriptor.Treatment.REFUSED,
                            "a UDP socket connected to " + s.remote());
                }
                return kept(fd, target, "UDP socket bound to " + s.local());
            default:
                return unix(fd, target, s, ownBound, facts);
        }
    }

    private static Descriptor unix(int fd, String target, SocketTables.Entry s, List<String> ownBound, Facts facts) {
        String kind = s.unixType() == SocketTables.UNIX_DGRAM ? "Unix datagram socket" : "Unix socket";
        if (s.listening()) {
            return kept(fd, target, kind + " listening on " + s.path());
        }
        String peer = facts.unixPeerName(fd);
        if (peer == null) {
            return kept(fd, target, kind + (s.path() == null ? ", not connected" : " bound to " + s.path()));
        }
        boolean stream = s.unixType() != SocketTables.UNIX_DGRAM;
        if ((stream && facts.unixPeerPid(fd) == facts.selfPid()) || (!peer.isEmpty() && ownBound.contains(peer))) {
            return kept(fd, target, kind + ", connected within the program");
        }
        return new Descriptor(fd, target, Descriptor.Owner.PROGRAM, Descriptor.Treatment.REFUSED,
                "a " + kind + " connected to " + (peer.isEmpty() ? "another process" : peer));
    }

    private static Descriptor kept(int fd, String target, String description) {
        return new Descriptor(fd, target, Descriptor.Owner.PROGRAM, Descriptor.Treatment.KEPT, description);
    }
}
