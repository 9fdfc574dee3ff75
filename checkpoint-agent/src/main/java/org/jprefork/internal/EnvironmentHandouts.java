package org.jprefork.internal;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import org.objectweb.asm.Opcodes;

/**
 * Keeps every entry of the JDK's environment that the program was handed a String of, until
 * the checkpoint: those Strings are the program's own state and must never be wiped.
 *
 * <p>The JDK hands out environment Strings only through {@code ProcessEnvironment.ExternalData
 * .toString()} (the shared superclass of its Variable and Value types): {@code System.getenv},
 * {@code ProcessBuilder.environment()} views, their entry sets, key sets and values all call
 * it (JDK 17-25). That method is rewritten to report {@code this}; a reported entry is held
 * strongly here, so to {@link EnvironmentScrub} it never looks like garbage.
 */
public final class EnvironmentHandouts {
    /** The hook class that the rewritten method calls, defined in java.lang. */
    private static final String HOOK = "java/lang/JpreforkEnvHook";
    private static final String EXTERNAL_DATA = "java/lang/ProcessEnvironment$ExternalData";

    private static final Set<Object> HANDED_OUT =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private static volatile Field sink;

    private EnvironmentHandouts() {
    }

    /**
     * Starts tracking. Needs java.lang open to the agent.
     *
     * @throws IllegalStateException if this JDK's environment classes are not as expected
     */
    static void install(Instrumentation inst) {
        try {
            Class<?> hook = MethodHandles.privateLookupIn(Object.class, MethodHandles.lookup())
                    .defineClass(HookClass.bytes(HOOK));
            Field f = hook.getField(HookClass.SINK);
            ObjIntConsumer<Object> record = (entry, kind) -> HANDED_OUT.add(entry);
            f.set(null, record);
            sink = f;
            Class<?> data = Class.forName(EXTERNAL_DATA.replace('/', '.'), false, null);
            inst.addTransformer(new Transformer(), true);
            inst.retransformClasses(data);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError
                 | java.lang.instrument.UnmodifiableClassException e) {
            stop();
            throw new IllegalStateException("cannot track which environment variables the program read: " + e, e);
        }
    }

    /** True once {@link #install} succeeded: then an untracked entry was never handed out. */
    public static boolean tracking() {
        return sink != null;
    }

    /**
     * The Strings of the environment entries (names and values) handed out so far: the very
     * objects the program holds, for a search by identity. Empty when not tracking.
     */
    public static List<String> handedOutStrings() {
        Field str = JdkInternals.field(JdkInternals.type(EXTERNAL_DATA.replace('/', '.')), "str");
        List<String> out = new ArrayList<>();
        synchronized (HANDED_OUT) {
            for (Object entry : HANDED_OUT) {
                if (JdkInternals.get(str, entry) instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Stops tracking (after the checkpoint's scrub) and lets go of the entries. */
    static void stop() {
        Field f = sink;
        sink = null;
        if (f != null) {
            try {
                f.set(null, null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the sink stays; it only costs a set update per getenv
            }
        }
        HANDED_OUT.clear();
    }

    /** Adds {@code report(this)} at the start of ExternalData.toString(). */
    private static final class Transformer implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classfile) {
            if (loader != null || !EXTERNAL_DATA.equals(className)) {
                return null;
            }
            return ClassRewrite.rewrite(classfile, (access, name, desc, mv) ->
                    name.equals("toString") && desc.equals("()Ljava/lang/String;")
                            ? ClassRewrite.onEntry(mv, m -> {
                                m.visitVarInsn(Opcodes.ALOAD, 0);
                                m.visitInsn(Opcodes.ICONST_0);
                                m.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, HookClass.METHOD, HookClass.DESCRIPTOR,
                                        false);
                            })
                            : mv);
        }
    }
}
