package org.jprefork.internal.exit;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.function.ObjIntConsumer;
import org.jprefork.internal.ClassRewrite;
import org.jprefork.internal.HookClass;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes the JDK report where a process's exit status is decided (JDK 17-25):
 * <ul>
 *   <li>{@code Shutdown.halt(int)}, on entry: every Java-level end goes through it
 *       ({@code System.exit} after the shutdown hooks, {@code Runtime.halt}), with the status
 *       the process exits with;</li>
 *   <li>{@code Shutdown.shutdown()}, on return: the end of {@code main} (DestroyJavaVM, once
 *       the last non-daemon thread ended) after the shutdown hooks; the launcher then exits 1
 *       if {@code main} threw, else 0;</li>
 *   <li>{@code Thread.dispatchUncaughtException(Throwable)}, on entry: how the launcher's main
 *       thread learns that {@code main} threw.</li>
 * </ul>
 * A death by signal, a crash or a call to the C library's {@code exit} passes through none of
 * them: the pool manager then takes the status from waitpid, as before.
 */
final class ExitHooks {
    static final String HALT = "halt";
    static final String SHUTDOWN = "shutdown";
    private static final String HOOK = "java/lang/JpreforkExitHook";
    private static final String SHUTDOWN_CLASS = "java/lang/Shutdown";
    private static final String THREAD_CLASS = "java/lang/Thread";

    private ExitHooks() {
    }

    /**
     * Rewrites the three methods so that they call {@code sink}. Needs java.lang open to the
     * agent.
     *
     * @throws IllegalStateException if this JDK's classes are not as expected
     */
    static void install(Instrumentation inst, ObjIntConsumer<Object> sink) {
        try {
            Class<?> hook = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup())
                    .defineClass(HookClass.bytes(HOOK));
            Field f = hook.getField(HookClass.SINK);
            f.set(null, sink);
            Class<?> shutdown = Class.forName(SHUTDOWN_CLASS.replace('/', '.'), false, null);
            // Stays registered: a later retransformation of these classes (by anyone) starts
            // from their original bytes and would otherwise drop the reports.
            inst.addTransformer(new Transformer(), true);
            inst.retransformClasses(shutdown, Thread.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError
                 | java.lang.instrument.UnmodifiableClassException e) {
            throw new IllegalStateException("cannot follow the JDK's exit on this JDK: " + e, e);
        }
    }

    /** Adds the reports; the added code has no branch, so stack map frames stay valid. */
    private static final class Transformer implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classfile) {
            if (loader != null) {
                return null;
            }
            if (SHUTDOWN_CLASS.equals(className)) {
                return ClassRewrite.rewrite(classfile, (access, name, desc, mv) -> {
                    if (name.equals("halt") && desc.equals("(I)V")) {
                        return ClassRewrite.onEntry(mv, m -> report(m, HALT, Opcodes.ILOAD, 0));
                    }
                    if (name.equals("shutdown") && desc.equals("()V")) {
                        return ClassRewrite.beforeReturn(mv, m -> report(m, SHUTDOWN, Opcodes.ICONST_0, -1));
                    }
                    return mv;
                });
            }
            if (THREAD_CLASS.equals(className)) {
                return ClassRewrite.rewrite(classfile, (access, name, desc, mv) ->
                        name.equals("dispatchUncaughtException") && desc.equals("(Ljava/lang/Throwable;)V")
                                ? ClassRewrite.onEntry(mv, m -> {
                                    m.visitVarInsn(Opcodes.ALOAD, 0);
                                    m.visitInsn(Opcodes.ICONST_0);
                                    m.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, HookClass.METHOD,
                                            HookClass.DESCRIPTOR, false);
                                })
                                : mv);
            }
            return null;
        }

        /** {@code JpreforkExitHook.event(what, value)}: value from local {@code var}, or a constant. */
        private static void report(MethodVisitor m, String what, int valueOpcode, int var) {
            m.visitLdcInsn(what);
            if (valueOpcode == Opcodes.ILOAD) {
                m.visitVarInsn(Opcodes.ILOAD, var);
            } else {
                m.visitInsn(valueOpcode);
            }
            m.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, HookClass.METHOD, HookClass.DESCRIPTOR, false);
        }
    }
}
