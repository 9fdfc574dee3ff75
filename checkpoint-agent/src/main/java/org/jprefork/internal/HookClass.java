package org.jprefork.internal;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The bytes of a hook class that rewritten JDK code calls (e.g. {@code java.util.JpreforkRandomHook}).
 *
 * <p>It must live in java.base: code in java.base can only call classes of modules it reads,
 * and it reads none of the class path. It forwards each event to a sink that the agent sets:
 * <pre>
 * public final class JpreforkXxxHook {
 *     public static volatile ObjIntConsumer&lt;Object&gt; sink;
 *     public static void event(Object o, int kind) { var s = sink; if (s != null) s.accept(o, kind); }
 * }
 * </pre>
 */
public final class HookClass {
    public static final String METHOD = "event";
    public static final String DESCRIPTOR = "(Ljava/lang/Object;I)V";
    public static final String SINK = "sink";
    private static final String SINK_TYPE = "Ljava/util/function/ObjIntConsumer;";

    private HookClass() {
    }

    /** The class {@code internalName} (in a package of java.base, e.g. {@code java/util/X}). */
    public static byte[] bytes(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
                "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, SINK, SINK_TYPE, null, null)
                .visitEnd();
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, METHOD, DESCRIPTOR, null, null);
        m.visitCode();
        Label none = new Label();
        m.visitFieldInsn(Opcodes.GETSTATIC, internalName, SINK, SINK_TYPE);
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
