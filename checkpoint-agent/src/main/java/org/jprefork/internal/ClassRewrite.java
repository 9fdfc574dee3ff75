package org.jprefork.internal;

import java.util.function.Consumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The one way the agent rewrites classes: some methods get a few instructions added, with no
 * branch among them, so existing stack map frames stay valid and only the maximums are
 * recomputed (nothing needs loading to compute frames).
 */
public final class ClassRewrite {
    /** Picks the methods to change: returns a wrapping visitor, or {@code mv} to leave one alone. */
    public interface Methods {
        MethodVisitor wrap(int access, String name, String desc, MethodVisitor mv);
    }

    private ClassRewrite() {
    }

    public static byte[] rewrite(byte[] classfile, Methods methods) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return methods.wrap(access, name, desc, super.visitMethod(access, name, desc, sig, ex));
            }
        }, 0);
        return writer.toByteArray();
    }

    /** {@code mv} with {@code code} emitted first in the method. */
    public static MethodVisitor onEntry(MethodVisitor mv, Consumer<MethodVisitor> code) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                code.accept(mv);
            }
        };
    }

    /** {@code mv} with {@code code} emitted before each {@code return} (of a void method). */
    public static MethodVisitor beforeReturn(MethodVisitor mv, Consumer<MethodVisitor> code) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode == Opcodes.RETURN) {
                    code.accept(mv);
                }
                super.visitInsn(opcode);
            }
        };
    }
}
