package org.jprefork.internal.random;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import org.jprefork.internal.ClassRewrite;
import org.jprefork.internal.HookClass;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes {@code java.util.Random} and {@code java.security.SecureRandom} report the generators that
 * seed themselves (at the end of their self-seeding constructors) and every explicit seeding (on
 * entry to {@code setSeed}). Only method bodies change, as retransformation requires.
 */
final class RandomTransformer implements ClassFileTransformer {
    /** The hook class that rewritten code calls, defined in java.util. */
    static final String HOOK = "java/util/JpreforkRandomHook";
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
        Set<String> constructors = CONSTRUCTORS.get(className);
        Set<String> seeders = SEEDERS.get(className);
        return ClassRewrite.rewrite(classfile, (access, name, desc, mv) -> {
            if (name.equals("<init>") && constructors.contains(desc)) {
                return ClassRewrite.beforeReturn(mv, m -> report(m, CREATED));
            }
            if (name.equals("setSeed") && seeders.contains(desc)) {
                return ClassRewrite.onEntry(mv, m -> report(m, SEEDED));
            }
            return mv;
        });
    }

    private static void report(MethodVisitor mv, int kind) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(kind == CREATED ? Opcodes.ICONST_0 : Opcodes.ICONST_1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, HookClass.METHOD, HookClass.DESCRIPTOR,
                false);
    }
}
