package org.jprefork.internal.exit;

import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import jnr.ffi.LibraryLoader;

/**
 * The C library's buffered {@code stdout} and {@code stderr}, which native code in the program
 * may have written to: {@code exit(3)} flushes them, after the copy has let go of the caller's
 * stdio, so they are flushed before. Only these two: {@code fflush(NULL)} would also lock
 * {@code stdin}, which a native thread blocked reading it holds.
 */
final class CStdio {
    /** libc's fflush, on a {@code FILE *} given as an address. */
    public interface Flush {
        int fflush(long stream);
    }

    private final Flush libc;
    private final long[] streams;

    private CStdio(Flush libc, long[] streams) {
        this.libc = libc;
        this.streams = streams;
    }

    /** Binds fflush and finds the two streams (before the checkpoint, so that copies inherit it). */
    static CStdio bind() {
        Flush libc = LibraryLoader.create(Flush.class).load("c");
        long[] streams = new long[2];
        String[] names = {"stdout", "stderr"};
        for (int i = 0; i < names.length; i++) {
            long variable = Library.getDefault().getSymbolAddress(names[i]);
            streams[i] = variable == 0 ? 0 : MemoryIO.getInstance().getAddress(variable);
        }
        CStdio c = new CStdio(libc, streams);
        c.flush(); // binds the native call now; the template's stdio is still its own here
        return c;
    }

    /** Writes out what the two streams hold. */
    void flush() {
        for (long s : streams) {
            if (s != 0) {
                libc.fflush(s);
            }
        }
    }
}
