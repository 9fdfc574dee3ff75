package org.jprefork.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reflective access to JDK-internal classes, fields and methods.
 *
 * <p>Every failure is turned into an {@link IllegalStateException} that names the class member
 * and the running JDK version, so an unsupported JDK layout or a missing {@code --add-opens}
 * is obvious from the message instead of surfacing as a bare {@code NoSuchFieldException}.
 */
final class JdkInternals {

    private JdkInternals() {
    }

    /** Loads a JDK class by name (without forcing initialization). */
    static Class<?> type(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException e) {
            throw unsupported("class " + name + " not found", e);
        }
    }

    /** Returns the accessible field {@code name} declared by {@code owner} or a superclass. */
    static Field field(Class<?> owner, String name) {
        Field f = optionalField(owner, name);
        if (f == null) {
            throw unsupported("field " + owner.getName() + "." + name + " not found", null);
        }
        return f;
    }

    /** Like {@link #field} but returns {@code null} when no class in the hierarchy declares it. */
    static Field optionalField(Class<?> owner, String name) {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                return accessible(c.getDeclaredField(name));
            } catch (NoSuchFieldException e) {
                // keep walking up: e.g. defaultDirectory lives in sun.nio.fs.UnixFileSystem,
                // while the instance is a LinuxFileSystem
            }
        }
        return null;
    }

    /** Returns the first field among {@code names} that exists (for fields renamed across JDKs). */
    static Field firstField(Class<?> owner, String... names) {
        for (String name : names) {
            Field f = optionalField(owner, name);
            if (f != null) {
                return f;
            }
        }
        throw unsupported("none of the fields " + String.join("/", names) + " found in "
                + owner.getName(), null);
    }

    /** Returns the accessible method {@code name(params)} declared by {@code owner}. */
    static Method method(Class<?> owner, String name, Class<?>... params) {
        try {
            return accessible(owner.getDeclaredMethod(name, params));
        } catch (NoSuchMethodException e) {
            throw unsupported("method " + owner.getName() + "." + name + " not found", e);
        }
    }

    static Object get(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw unsupported("cannot read " + describe(f), e);
        }
    }

    /**
     * Writes a field. Works for final <em>instance</em> fields of ordinary classes once
     * {@code setAccessible(true)} succeeded (JDK 17-25); static finals are never written here.
     */
    static void set(Field f, Object target, Object value) {
        try {
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw unsupported("cannot write " + describe(f), e);
        }
    }

    static Object invoke(Method m, Object target, Object... args) {
        try {
            return m.invoke(target, args);
        } catch (IllegalAccessException e) {
            throw unsupported("cannot call " + m.getDeclaringClass().getName() + "." + m.getName(),
                    e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(m.getDeclaringClass().getName() + "." + m.getName()
                    + " failed", cause);
        }
    }

    private static <T extends java.lang.reflect.AccessibleObject & java.lang.reflect.Member> T
            accessible(T member) {
        try {
            member.setAccessible(true);
            return member;
        } catch (InaccessibleObjectException e) {
            String pkg = member.getDeclaringClass().getPackageName();
            throw new IllegalStateException("cannot access " + member.getDeclaringClass().getName()
                    + "." + member.getName() + ": the JVM needs --add-opens java.base/" + pkg
                    + "=ALL-UNNAMED (or the agent's redefineModule equivalent)", e);
        }
    }

    private static String describe(Field f) {
        return f.getDeclaringClass().getName() + "." + f.getName();
    }

    private static IllegalStateException unsupported(String what, Throwable cause) {
        return new IllegalStateException("unsupported JDK internal layout on Java "
                + Runtime.version() + ": " + what, cause);
    }
}
