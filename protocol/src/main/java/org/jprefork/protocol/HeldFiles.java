package org.jprefork.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The HELD_FILES frame: what a template holds at its checkpoint, sent after its request.
 * Payload: list(inventory lines, one per descriptor, for the pool log), list(paths of the files
 * open for writing, in the order of the descriptors attached to the type byte), list(paths of the
 * program's files open read-only, which the image holds and the manager watches), list(paths
 * registered with File.deleteOnExit before the checkpoint, in registration order). Paths UTF-8.
 *
 * @param inventory  one line per descriptor, for the pool log
 * @param shared     regular files open for writing: every copy gets the descriptor attached
 * @param readOnly   the program's regular files open read-only
 * @param deleteAtEnd files to delete when the generation ends, not when a copy exits
 */
public record HeldFiles(List<String> inventory, List<String> shared, List<String> readOnly,
                        List<String> deleteAtEnd) {
    /** No more descriptors than one SCM_RIGHTS message carries (the kernel's SCM_MAX_FD). */
    public static final int MAX_SHARED = 253;

    public HeldFiles {
        inventory = List.copyOf(inventory);
        shared = List.copyOf(shared);
        readOnly = List.copyOf(readOnly);
        deleteAtEnd = List.copyOf(deleteAtEnd);
        if (shared.size() > MAX_SHARED) {
            throw new IllegalArgumentException(shared.size() + " files open for writing; at most " + MAX_SHARED);
        }
    }

    public Frame toFrame() {
        return new Frame(MessageType.HELD_FILES, new Wire.Writer().list(utf8(inventory)).list(utf8(shared))
                .list(utf8(readOnly)).list(utf8(deleteAtEnd)).toByteArray());
    }

    public static HeldFiles fromFrame(Frame frame) throws ProtocolException {
        if (frame.type() != MessageType.HELD_FILES) {
            throw new ProtocolException("expected HELD_FILES, got " + frame.type());
        }
        Wire.Reader in = new Wire.Reader(frame.payload(), "HELD_FILES");
        HeldFiles r;
        try {
            r = new HeldFiles(strings(in.list()), strings(in.list()), strings(in.list()), strings(in.list()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("HELD_FILES: " + e.getMessage());
        }
        in.end();
        return r;
    }

    private static List<byte[]> utf8(List<String> values) {
        List<byte[]> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static List<String> strings(List<byte[]> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
