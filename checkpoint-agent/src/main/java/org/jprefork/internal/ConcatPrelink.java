package org.jprefork.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.StringConcatFactory;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Links, in the template, the shapes of the string concatenations in the program's classes.
 *
 * <p>A {@code "a" + x + "b"} compiles to an invokedynamic that {@link StringConcatFactory} links
 * the first time it runs, spinning method-handle classes for its shape (its argument types and
 * where the constants are). Code after {@code initialisationComplete} never ran in the template,
 * so every copy linked its concatenations again: the bundled example's one line took a copy
 * about 13 ms (issue 17, docs/benchmarks.md). Linking the same shapes here, on call sites of our
 * own, fills the JDK's caches of those classes, and a copy's own linking reuses them.
 *
 * <p>Only JDK code runs: the program's class files are read through the system class loader or
 * a class loader of the JDK (the source launcher's), never a class loader of the program, and
 * the concatenations run on zeros and nulls, with the program's types taken as {@code Object},
 * so no method of the program is called. It stops after {@link #BUDGET_NANOS}.
 */
final class ConcatPrelink {
    private static final String FACTORY = "java/lang/invoke/StringConcatFactory";
    private static final String WITH_CONSTANTS = "makeConcatWithConstants";
    private static final long BUDGET_NANOS = 1_000_000_000L;

    private static volatile Instrumentation instrumentation;

    /** One concatenation shape: argument types as linked here, recipe and constants as compiled. */
    record Shape(MethodType type, String recipe, List<Object> constants) {
    }

    private ConcatPrelink() {
    }

    /** At premain: the loaded classes are asked for at the checkpoint. */
    static void prepare(Instrumentation inst) {
        instrumentation = inst;
    }

    /** Links the concatenation shapes of the program's loaded classes; returns how many. */
    static int run() {
        Instrumentation inst = instrumentation;
        if (inst == null) {
            return 0;
        }
        long deadline = System.nanoTime() + BUDGET_NANOS;
        Set<Shape> shapes = new LinkedHashSet<>();
        CodeSource ours = ConcatPrelink.class.getProtectionDomain().getCodeSource();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (System.nanoTime() > deadline) {
                break;
            }
            byte[] bytes = programClassBytes(c, ours);
            if (bytes != null) {
                shapes.addAll(shapesIn(bytes));
            }
        }
        int linked = 0;
        for (Shape s : shapes) {
            if (System.nanoTime() > deadline) {
                break;
            }
            if (link(s)) {
                linked++;
            }
        }
        return linked;
    }

    /** The concatenation shapes of one class file. */
    static Set<Shape> shapesIn(byte[] classFile) {
        Set<Shape> found = new LinkedHashSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bsm,
                                                       Object... args) {
                        Shape s = shape(indyDescriptor, bsm, args);
                        if (s != null) {
                            found.add(s);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }

    private static Shape shape(String descriptor, Handle bsm, Object[] args) {
        if (!FACTORY.equals(bsm.getOwner()) || !WITH_CONSTANTS.equals(bsm.getName())
                || args.length == 0 || !(args[0] instanceof String recipe)) {
            return null;
        }
        List<Object> constants = new ArrayList<>();
        for (Object a : Arrays.asList(args).subList(1, args.length)) {
            if (!(a instanceof String || a instanceof Integer || a instanceof Long
                    || a instanceof Float || a instanceof Double)) {
                return null; // a class or handle constant: would need the program's lookup
            }
            constants.add(a);
        }
        Type[] params = Type.getArgumentTypes(descriptor);
        Class<?>[] types = new Class<?>[params.length];
        for (int i = 0; i < params.length; i++) {
            types[i] = erased(params[i]);
        }
        return new Shape(MethodType.methodType(String.class, types), recipe, List.copyOf(constants));
    }

    /** Primitives and String as they are; every other type as Object (linked the same way). */
    private static Class<?> erased(Type t) {
        return switch (t.getSort()) {
            case Type.BOOLEAN -> boolean.class;
            case Type.CHAR -> char.class;
            case Type.BYTE -> byte.class;
            case Type.SHORT -> short.class;
            case Type.INT -> int.class;
            case Type.FLOAT -> float.class;
            case Type.LONG -> long.class;
            case Type.DOUBLE -> double.class;
            default -> "java.lang.String".equals(t.getClassName()) ? String.class : Object.class;
        };
    }

    /** Links one shape on a call site of ours and runs it once, on zeros and nulls. */
    static boolean link(Shape s) {
        try {
            CallSite site = StringConcatFactory.makeConcatWithConstants(MethodHandles.lookup(), "concat",
                    s.type(), s.recipe(), s.constants().toArray());
            Object[] args = new Object[s.type().parameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = zero(s.type().parameterType(i));
            }
            site.dynamicInvoker().invokeWithArguments(args);
            return true;
        } catch (Throwable e) {
            return false; // a shape the JDK refuses here: the copy links it as plain java would
        }
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        }
        return t == boolean.class ? Boolean.FALSE : t == char.class ? (Object) (char) 0
                : t == long.class ? (Object) 0L : t == float.class ? (Object) 0f : t == double.class ? (Object) 0d
                : t == byte.class ? (Object) (byte) 0 : t == short.class ? (Object) (short) 0 : (Object) 0;
    }

    /**
     * The class file of a class of the program, or null: not the agent's, not the JDK's, and only
     * through the system class loader or one of the JDK's, so that no program code runs.
     */
    private static byte[] programClassBytes(Class<?> c, CodeSource ours) {
        if (c.isArray() || c.isPrimitive() || c.isHidden()) {
            return null;
        }
        ClassLoader loader = c.getClassLoader();
        if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        String loaderModule = loader.getClass().getModule().getName();
        boolean jdkLoader = loader == ClassLoader.getSystemClassLoader() || (loaderModule != null
                && (loaderModule.startsWith("java.") || loaderModule.startsWith("jdk.")));
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (!jdkLoader || (ours != null && source != null && ours.getLocation().equals(source.getLocation()))) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
