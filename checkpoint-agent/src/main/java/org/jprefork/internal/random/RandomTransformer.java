package org.jprefork.internal.random;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes {@code java.util.Random} and {@code java.security.SecureRandom} report the generators that
 * seed themselves (at the end of their self-seeding constructors) and every explicit seeding (on
 * entry to {@code setSeed}). Only method bodies change, as retransformation requires.
 */
final class RandomTransformer implements ClassFileTransformer {
    static final int CREATED = 0;
    static final int SEEDED = 1;

    private static final String SPI_CONSTRUCTOR = "(Ljava/security/SecureRandomSpi;Ljava/security/Provider;"
            + "Ljava/lang/String;)V";
    /** Per class: constructors that seed from the system (report at return), and setSeed methods. */
    private static final Map<String, Set<String>> CONSTRUCTORS = Map.of(
            "java/util/Random", Set.of("()V"),
            "java/security/SecureRandom", Set.of("()V", SPI_CONSTRUCTOR));
    private static final Map<String, Set<String>> SEEDERS = Map.of(
            "java/util/Random", Set.of("(J)V"),
            "java/security/SecureRandom", Set.of("(J)V", "([B)V"));

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (loader != null || !CONSTRUCTORS.containsKey(className)) {
            return null;
        }
        ClassReader reader = new ClassReader(classfile);
        // The inserted calls need no new frames: existing frames only move with the code.
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        Set<String> constructors = CONSTRUCTORS.get(className);
        Set<String> seeders = SEEDERS.get(className);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, ex);
                if (name.equals("<init>") && constructors.contains(desc)) {
                    return new ReportAtReturn(mv);
                }
                if (name.equals("setSeed") && seeders.contains(desc)) {
                    return new ReportOnEntry(mv);
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    private static void report(MethodVisitor mv, int kind) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(kind == CREATED ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HookClass.INTERNAL_NAME, HookClass.METHOD, HookClass.DESCRIPTOR,
                false);
    }

    private static final class ReportAtReturn extends MethodVisitor {
        ReportAtReturn(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                report(mv, CREATED);
            }
            super.visitInsn(opcode);
        }
    }

    private static final class ReportOnEntry extends MethodVisitor {
        ReportOnEntry(MethodVisitor mv) {
            super(Opcodes.ASM9, mv);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            report(mv, SEEDED);
        }
    }
}
