package org.jprefork.internal.descriptors;

/**
 * What {@code /proc/self/fdinfo/N} says about a descriptor's open file description: its status
 * flags (octal there) and its file offset.
 */
record FdInfo(int flags, long pos) {
    static final int O_ACCMODE = 03;
    static final int O_WRONLY = 01;
    static final int O_RDWR = 02;
    static final int O_APPEND = 02000;
    static final int O_PATH = 010000000;

    /** Parses the text of an fdinfo file; absent fields read as 0. */
    static FdInfo parse(String text) {
        int flags = 0;
        long pos = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (key.equals("flags")) {
                flags = Integer.parseInt(value, 8);
            } else if (key.equals("pos")) {
                pos = Long.parseLong(value);
            }
        }
        return new FdInfo(flags, pos);
    }

    /** Open for writing (write-only or read-write), and not an O_PATH handle. */
    boolean writable() {
        int mode = flags & O_ACCMODE;
        return (flags & O_PATH) == 0 && (mode == O_WRONLY || mode == O_RDWR);
    }

    boolean append() {
        return (flags & O_APPEND) != 0;
    }

    /** "read-only", "write-only" or "read-write", with ", append" when set. */
    String mode() {
        if ((flags & O_PATH) != 0) {
            return "path only";
        }
        String m = switch (flags & O_ACCMODE) {
            case O_WRONLY -> "write-only";
            case O_RDWR -> "read-write";
            default -> "read-only";
        };
        return append() ? m + ", append" : m;
    }
}
