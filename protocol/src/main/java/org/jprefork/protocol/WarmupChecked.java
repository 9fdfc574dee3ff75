package org.jprefork.protocol;

/**
 * The WARMUP_CHECKED frame: what a tool's template found when it looked, after its warm-up run,
 * for what that run was handed in the tool's static state. Payload: string kept, string where,
 * string path, string unchecked (each empty for none), string objects, string millis (decimal).
 *
 * @param kept      what of the warm-up's call the tool kept ("arguments", "environment",
 *                  "working directory"), or null
 * @param where     the static field it was reached from (CLASS.FIELD), or null
 * @param path      for the log: the chain of fields from there to it, or null
 * @param unchecked why the check could not be finished, or null
 * @param objects   how many objects the check looked at
 * @param millis    how long it took
 */
public record WarmupChecked(String kept, String where, String path, String unchecked, long objects, long millis) {

    /** Whether the warm-up must not be used: something was kept, or the check could not tell. */
    public boolean refused() {
        return kept != null || unchecked != null;
    }

    public Frame toFrame() {
        return new Frame(MessageType.WARMUP_CHECKED, new Wire.Writer().string(orEmpty(kept)).string(orEmpty(where))
                .string(orEmpty(path)).string(orEmpty(unchecked)).string(Long.toString(objects)).string(Long.toString(millis)).toByteArray());
    }

    public static WarmupChecked fromFrame(Frame frame) throws ProtocolException {
        Wire.Reader in = new Wire.Reader(frame.payload(), "WARMUP_CHECKED");
        String kept = in.string();
        String where = in.string();
        String path = in.string();
        String unchecked = in.string();
        long objects;
        long millis;
        try {
            objects = Long.parseLong(in.string());
            millis = Long.parseLong(in.string());
        } catch (NumberFormatException e) {
            throw new ProtocolException("WARMUP_CHECKED has a malformed count");
        }
        in.end();
        return new WarmupChecked(nullIfEmpty(kept), nullIfEmpty(where), nullIfEmpty(path), nullIfEmpty(unchecked), objects,
                millis);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
