package org.jprefork.internal.tool;

/**
 * The objects a heap walk has seen, by identity: one reference per slot (open addressing), half
 * what an IdentityHashMap costs, which matters for walks of a million objects in a tool's heap.
 */
final class IdentitySet {
    private int bits = 16;
    private Object[] table = new Object[1 << bits];
    private int size;

    /** Adds {@code o}; false if it was there already. */
    boolean add(Object o) {
        int mask = table.length - 1;
        int i = slot(o);
        for (Object e; (e = table[i]) != null; i = (i + 1) & mask) {
            if (e == o) {
                return false;
            }
        }
        table[i] = o;
        if (++size * 2 > table.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    private void grow() {
        Object[] old = table;
        table = new Object[1 << ++bits];
        int mask = table.length - 1;
        for (Object o : old) {
            if (o != null) {
                int i = slot(o);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = o;
            }
        }
    }

    /** Fibonacci hashing: the top bits of the product, which depend on every bit of the hash. */
    private int slot(Object o) {
        return (System.identityHashCode(o) * 0x9E3779B1) >>> (32 - bits);
    }
}
