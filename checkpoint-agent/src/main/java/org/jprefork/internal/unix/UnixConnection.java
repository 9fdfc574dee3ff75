package org.jprefork.internal.unix;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import jnr.unixsocket.Credentials;
import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;
import jnr.unixsocket.UnixSocketOptions;
import org.jprefork.protocol.Frame;

/**
 * A connected Unix stream socket that can also carry file descriptors (SCM_RIGHTS).
 *
 * <p>Its streams do not read ahead, so frames read from {@link #in()} and descriptors read with
 * {@link #readFrame} interleave exactly as the peer sent them.
 */
public final class UnixConnection implements Closeable {
    private final UnixSocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private UnixConnection(UnixSocketChannel channel) {
        this.channel = channel;
        this.in = FdStreams.input(channel.getFD());
        this.out = FdStreams.output(channel.getFD());
    }

    /** Connects to the socket at {@code path}. */
    public static UnixConnection connect(Path path) throws IOException {
        try {
            return new UnixConnection(UnixSocketChannel.open(new UnixSocketAddress(path.toFile())));
        } catch (IOException e) {
            throw new IOException("connect(" + path + ") failed: " + e.getMessage(), e);
        }
    }

    /** Wraps an accepted channel. */
    public static UnixConnection of(UnixSocketChannel channel) {
        return new UnixConnection(channel);
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public int fd() {
        return channel.getFD();
    }

    /** The peer's process credentials (pid as seen from this process's PID namespace). */
    public Credentials peer() throws IOException {
        return channel.getOption(UnixSocketOptions.SO_PEERCRED);
    }

    /**
     * Writes a frame whose type byte carries {@code fds} as one SCM_RIGHTS message
     * (no descriptors: a plain write).
     */
    public void writeFrame(Frame frame, int... fds) throws IOException {
        byte[] bytes = frame.encode();
        if (fds.length == 0) {
            out.write(bytes);
            out.flush();
            return;
        }
        // The whole frame in one sendmsg (the descriptors go with its first byte).
        int sent = ScmRights.send(fd(), bytes, fds);
        if (sent < bytes.length) {
            out.write(bytes, sent, bytes.length - sent); // the descriptors went with the first part
        }
        out.flush();
    }

    /**
     * Reads a frame and the descriptors its type byte carried (close-on-exec set; at most
     * {@code maxFds}, extra ones are closed).
     *
     * @return the frame, or null on a clean end of stream before its first byte
     */
    public ReceivedFrame readFrame(int maxFds) throws IOException {
        ScmRights.Received got = ScmRights.receiveOne(fd(), maxFds);
        int[] received = got.fds();
        if (got.length() == 0) {
            for (int fd : received) {
                Posix.closeQuietly(fd);
            }
            return null;
        }
        try {
            return new ReceivedFrame(Frame.readRest(got.first(), in), received);
        } catch (IOException | RuntimeException e) {
            for (int fd : received) {
                Posix.closeQuietly(fd);
            }
            throw e;
        }
    }

    /** A frame and the descriptors that came with it. */
    public record ReceivedFrame(Frame frame, int[] fds) {
        /** Closes the descriptors (when the frame is refused). */
        public void closeFds() {
            for (int fd : fds) {
                Posix.closeQuietly(fd);
            }
        }
    }

    /**
     * Ends reading: a thread blocked reading this connection sees end of stream. Nothing once
     * the connection is closed: its descriptor number may belong to another connection by then
     * (jnr's shutdownInput does not check). Never throws.
     */
    public synchronized void shutdownInput() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // the peer is gone already
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
