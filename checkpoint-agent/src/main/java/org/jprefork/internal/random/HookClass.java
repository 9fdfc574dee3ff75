package org.jprefork.internal.random;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The bytes of {@code java.util.JpreforkRandomHook}, the class that rewritten JDK code calls.
 *
 * <p>It must live in java.base: code in java.base can only call classes of modules it reads,
 * and it reads none of the class path. It forwards each event to a sink that the agent sets:
 * <pre>
 * public final class JpreforkRandomHook {
 *     public static volatile ObjIntConsumer&lt;Object&gt; sink;
 *     public static void event(Object o, int kind) { var s = sink; if (s != null) s.accept(o, kind); }
 * }
 * </pre>
 */
final class HookClass {
    static final String INTERNAL_NAME = "java/util/JpreforkRandomHook";
    static final String METHOD = "event";
    static final String DESCRIPTOR = "(Ljava/lang/Object;I)V";
    static final String SINK = "sink";
    private static final String SINK_TYPE = "Ljava/util/function/ObjIntConsumer;";

    private HookClass() {
    }

    static byte[] bytes() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, INTERNAL_NAME, null,
                "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, SINK, SINK_TYPE, null, null)
                .visitEnd();
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, METHOD, DESCRIPTOR, null, null);
        m.visitCode();
        Label none = new Label();
        m.visitFieldInsn(Opcodes.GETSTATIC, INTERNAL_NAME, SINK, SINK_TYPE);
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitJumpInsn(Opcodes.IFNULL, none);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/ObjIntConsumer", "accept",
                "(Ljava/lang/Object;I)V", true);
        m.visitLabel(none);
        // The only branch target: locals are the two arguments and the sink (or null).
        m.visitFrame(Opcodes.F_FULL, 3, new Object[] {"java/lang/Object", Opcodes.INTEGER,
                "java/util/function/ObjIntConsumer"}, 0, new Object[0]);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
