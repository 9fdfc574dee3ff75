package org.jprefork.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RUN_LOCAL frame: the client runs the program itself, in its own process (the native
 * client execs it), with these command words followed by its own arguments: while a pool has no
 * checkpoint for this program yet, or cannot make one. {@code note}: one line for the caller's
 * stderr before the program starts, or empty.
 */
public record RunLocal(List<String> command, String note) {

    public RunLocal {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("RUN_LOCAL needs a command");
        }
    }

    public Frame toFrame() {
        List<byte[]> words = new ArrayList<>();
        command.forEach(w -> words.add(w.getBytes(StandardCharsets.UTF_8)));
        return new Frame(MessageType.RUN_LOCAL, new Wire.Writer().list(words).string(note).toByteArray());
    }

    public static RunLocal fromFrame(Frame frame) throws ProtocolException {
        Wire.Reader in = new Wire.Reader(frame.payload(), "RUN_LOCAL");
        List<String> words = new ArrayList<>();
        for (byte[] w : in.list()) {
            words.add(new String(w, StandardCharsets.UTF_8));
        }
        String note = in.string();
        in.end();
        if (words.isEmpty()) {
            throw new ProtocolException("RUN_LOCAL without a command");
        }
        return new RunLocal(words, note);
    }
}
