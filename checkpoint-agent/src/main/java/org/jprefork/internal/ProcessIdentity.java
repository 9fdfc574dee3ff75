package org.jprefork.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes {@code ProcessHandle.current()} name this process as its caller sees it.
 *
 * <p>A template is the init of its own PID namespace and each copy is restored into a new one,
 * so getpid() is 1 there. /proc is the caller's (jprefork never remounts it), so /proc/self
 * names the PID the caller, the shell and kill(1) know. The JDK caches the current handle in a
 * static final field of ProcessHandleImpl, which is replaced here (java.lang is open to the
 * agent, jdk.internal.misc exported to it). Not covered: RuntimeMXBean.getPid(), which asks
 * the kernel each time and so reports the namespace's PID.
 */
final class ProcessIdentity {
    private ProcessIdentity() {
    }

    /** The PID of this process in the caller's PID namespace. */
    static long callerVisiblePid() throws java.io.IOException {
        return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    }

    /** Points ProcessHandle.current() at this process's caller-visible PID; best effort. */
    static void refresh() {
        try {
            long pid = callerVisiblePid();
            if (ProcessHandle.current().pid() == pid) {
                return;
            }
            Class<?> impl = Class.forName("java.lang.ProcessHandleImpl");
            Method isAlive = impl.getDeclaredMethod("isAlive0", long.class);
            isAlive.setAccessible(true);
            long startTime = (long) isAlive.invoke(null, pid);
            Constructor<?> make = impl.getDeclaredConstructor(long.class, long.class);
            make.setAccessible(true);
            Object handle = make.newInstance(pid, startTime);
            Field current = impl.getDeclaredField("current");
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            Object base = unsafeClass.getMethod("staticFieldBase", Field.class).invoke(unsafe, current);
            long offset = (long) unsafeClass.getMethod("staticFieldOffset", Field.class).invoke(unsafe, current);
            unsafeClass.getMethod("putReferenceVolatile", Object.class, long.class, Object.class)
                    .invoke(unsafe, base, offset, handle);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | java.io.IOException e) {
            // the handle keeps the namespace's PID; nothing else depends on it
        }
    }
}
