package org.jprefork.internal;

import jnr.ffi.LibraryLoader;

/**
 * Gives the C library's free memory back to the kernel before the checkpoint. The JVM's native
 * allocations (the JIT compilers' arenas above all) are freed to malloc, which keeps the pages:
 * CRIU then copies them into the image like live memory, and every copy reads them back. In a
 * trivial program's template, a malloc arena held 22 MB resident of which most was free.
 */
final class MallocTrim {
    /** glibc's malloc_trim: since glibc 2.8 it releases free pages of every arena, not only the top. */
    public interface Libc {
        int malloc_trim(long pad);
    }

    private MallocTrim() {
    }

    /** Best effort: a C library without malloc_trim leaves the image as it is. */
    static void run() {
        try {
            LibraryLoader.create(Libc.class).load("c").malloc_trim(0);
        } catch (RuntimeException | LinkageError e) {
            // not glibc
        }
    }
}
