package org.jprefork.protocol;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation: the caller's arguments, environment and working directory, as raw bytes
 * so that non-UTF-8 values survive. The caller's stdin, stdout and stderr travel beside it as
 * file descriptors (see {@link StdioFds}).
 *
 * <p>Payload: list(args), list(env entries "NAME=value"), bytes(cwd).
 */
public record CallRequest(List<byte[]> args, List<byte[]> env, byte[] cwd) {

    public CallRequest {
        args = List.copyOf(args);
        env = List.copyOf(env);
        cwd = cwd.clone();
    }

    @Override
    public byte[] cwd() {
        return cwd.clone();
    }

    public Frame toFrame() {
        return toFrame(MessageType.CALL);
    }

    /** The same invocation in a BUILD frame (no descriptors go with it). */
    public Frame toBuildFrame() {
        return toFrame(MessageType.BUILD);
    }

    private Frame toFrame(MessageType type) {
        return new Frame(type, new Wire.Writer().list(args).list(env).bytes(cwd).toByteArray());
    }

    /** From a CALL or BUILD frame. */
    public static CallRequest fromFrame(Frame frame) throws ProtocolException {
        if (frame.type() != MessageType.CALL && frame.type() != MessageType.BUILD) {
            throw new ProtocolException("expected CALL, got " + frame.type());
        }
        Wire.Reader in = new Wire.Reader(frame.payload(), frame.type().name());
        CallRequest call = new CallRequest(in.list(), in.list(), in.bytes());
        in.end();
        return call;
    }

    /** Builds a request from Java strings, encoded as the platform encodes file names. */
    public static CallRequest of(List<String> args, Map<String, String> env, String cwd, Charset cs) {
        List<byte[]> a = new ArrayList<>();
        args.forEach(s -> a.add(s.getBytes(cs)));
        List<byte[]> e = new ArrayList<>();
        env.forEach((k, v) -> e.add((k + "=" + v).getBytes(cs)));
        return new CallRequest(a, e, cwd.getBytes(cs));
    }

    /** The arguments as Java strings. */
    public String[] argStrings(Charset cs) {
        return args.stream().map(b -> new String(b, cs)).toArray(String[]::new);
    }

    /** The environment as a map; an entry without '=' is a name with an empty value. */
    public Map<String, String> envMap(Charset cs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (byte[] entry : env) {
            String s = new String(entry, cs);
            int eq = s.indexOf('=');
            if (eq < 0) {
                map.put(s, "");
            } else {
                map.putIfAbsent(s.substring(0, eq), s.substring(eq + 1));
            }
        }
        return map;
    }

    public String cwdString(Charset cs) {
        return new String(cwd, cs);
    }
}
