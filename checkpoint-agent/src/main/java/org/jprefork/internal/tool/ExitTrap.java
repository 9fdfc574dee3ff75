package org.jprefork.internal.tool;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import org.jprefork.internal.ClassRewrite;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Contains {@code System.exit} during a warm-up run: while armed, {@code Runtime.exit} throws
 * {@code java.lang.JpreforkExitTrap} (an Error, so that few tools catch it) instead of ending
 * the JVM. The class is defined in java.lang because Runtime can only call what java.base reads.
 */
public final class ExitTrap {
    static final String TRAP = "java/lang/JpreforkExitTrap";
    private static volatile Field armed;

    private ExitTrap() {
    }

    /** Rewrites Runtime.exit; the trap starts disarmed. */
    public static void install(Instrumentation inst) {
        try {
            Class<?> trap = MethodHandles.privateLookupIn(Runtime.class, MethodHandles.lookup()).defineClass(trapClass());
            inst.addTransformer(new CheckOnExit(), true);
            inst.retransformClasses(Runtime.class);
            armed = trap.getField("armed");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError
                 | java.lang.instrument.UnmodifiableClassException e) {
            throw new IllegalStateException("cannot contain System.exit on this JDK: " + e, e);
        }
    }

    static void arm(boolean on) {
        try {
            if (armed != null) {
                armed.setBoolean(null, on);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code t}, or a cause of it, is the trap (a tool may wrap what it catches). */
    static boolean caught(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().equals("java.lang.JpreforkExitTrap")) {
                return true;
            }
        }
        return false;
    }

    /**
     * <pre>
     * public final class JpreforkExitTrap extends Error {
     *     public static volatile boolean armed;
     *     JpreforkExitTrap() { super("System.exit during jprefork's warm-up run"); }
     *     public static void check(int status) { if (armed) throw new JpreforkExitTrap(); }
     * }
     * </pre>
     */
    private static byte[] trapClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, TRAP, null,
                "java/lang/Error", null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "armed", "Z", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitLdcInsn("System.exit during jprefork's warm-up run");
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Error", "<init>", "(Ljava/lang/String;)V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor check = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "check", "(I)V", null, null);
        check.visitCode();
        Label off = new Label();
        check.visitFieldInsn(Opcodes.GETSTATIC, TRAP, "armed", "Z");
        check.visitJumpInsn(Opcodes.IFEQ, off);
        check.visitTypeInsn(Opcodes.NEW, TRAP);
        check.visitInsn(Opcodes.DUP);
        check.visitMethodInsn(Opcodes.INVOKESPECIAL, TRAP, "<init>", "()V", false);
        check.visitInsn(Opcodes.ATHROW);
        check.visitLabel(off);
        check.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        check.visitInsn(Opcodes.RETURN);
        check.visitMaxs(0, 0);
        check.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Puts {@code JpreforkExitTrap.check(status)} at the start of {@code Runtime.exit(int)}. */
    private static final class CheckOnExit implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classfile) {
            if (loader != null || !"java/lang/Runtime".equals(className)) {
                return null;
            }
            return ClassRewrite.rewrite(classfile, (access, name, desc, mv) -> !name.equals("exit") || !desc.equals("(I)V")
                    ? mv : ClassRewrite.onEntry(mv, m -> {
                        m.visitVarInsn(Opcodes.ILOAD, 1);
                        m.visitMethodInsn(Opcodes.INVOKESTATIC, TRAP, "check", "(I)V", false);
                    }));
        }
    }
}
