package org.jprefork.internal.unix;

import jnr.ffi.LibraryLoader;

/** A binding of C library functions (a jnr-ffi interface), loaded on first use. */
public final class LazyLibC<T> {
    private final Class<T> functions;
    private volatile T bound;

    public LazyLibC(Class<T> functions) {
        this.functions = functions;
    }

    public T get() {
        T b = bound;
        if (b == null) {
            synchronized (this) {
                b = bound;
                if (b == null) {
                    b = LibraryLoader.create(functions).load("c");
                    bound = b;
                }
            }
        }
        return b;
    }
}
