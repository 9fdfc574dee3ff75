package org.jprefork.internal.tool;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jprefork.Prefork;
import org.jprefork.internal.AgentConfig;
import org.jprefork.internal.AgentRuntime;
import org.jprefork.internal.ClassRewrite;
import org.jprefork.protocol.ExitCodes;
import org.jprefork.protocol.WarmupChecked;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Checkpoints a tool that never calls Prefork at the last point before its main runs
 * ({@code jprefork --checkpoint-at=main}): the tool's {@code main(String[])} is rewritten to
 * begin with {@code args = MainHook.enter(Tool.class, args)}. The first entry warms the tool up
 * (optionally), checkpoints, and returns each caller's arguments. The JVM still runs the tool as
 * its main class, so nothing of jprefork's is on the stack beneath main: stack traces, exit
 * statuses and threads are those of plain java.
 */
public final class MainHook {
    private static final AtomicBoolean ENTERED = new AtomicBoolean();
    private static volatile List<String> warmup = List.of();
    private static volatile Instrumentation instrumentation;

    private MainHook() {
    }

    /** Rewrites {@code mainClass}'s main when it loads; {@code warmupArgs}: the warm-up run's words. */
    public static void install(Instrumentation inst, String mainClass, List<String> warmupArgs) {
        warmup = List.copyOf(warmupArgs);
        instrumentation = inst;
        inst.addTransformer(new EnterFirst(mainClass.replace('.', '/')));
    }

    /** Called first thing in the tool's main: returns the arguments main is to go on with. */
    public static String[] enter(Class<?> tool, String[] args) {
        if (!ENTERED.compareAndSet(false, true)) {
            return args; // the warm-up run, or the tool calling its own main again
        }
        train(tool);
        if (!warmup.isEmpty()) {
            warmUp(tool);
        }
        return Prefork.initialisationComplete().args();
    }

    /**
     * Runs main once with the warm-up words, then checks what it left in the tool's static state;
     * a template whose warm-up kept anything of its call, or could not be checked, exits once the
     * manager knows (it starts another without a warm-up: this one's state cannot be undone).
     */
    private static void warmUp(Class<?> tool) {
        AgentConfig config = AgentRuntime.get().config();
        AgentRuntime.get().tellManager(org.jprefork.protocol.StdioFds.WARMING_UP);
        Throwable failed;
        WarmupCall call = WarmupCall.enter(warmup, Training.poolDir(config.socket()));
        try {
            failed = ToolWarmup.run(() -> callMain(tool, call.args()));
        } finally {
            call.close();
        }
        WarmupChecked checked = WarmupCheck.run(instrumentation, call);
        try {
            WarmupCheck.report(config.socket(), checked);
        } catch (IOException | RuntimeException e) {
            System.err.println("jprefork: cannot tell the pool manager about the warm-up: " + e.getMessage());
            Runtime.getRuntime().halt(ExitCodes.AGENT_FAILED);
        }
        if (checked.refused()) {
            Runtime.getRuntime().halt(0); // the manager knows why, and has this call started again
        }
        if (failed != null) {
            System.err.println("jprefork: warning: the warm-up run ended with " + failed);
        }
    }

    /** Loads what earlier calls loaded, or arranges for this generation's calls to record it. */
    private static void train(Class<?> tool) {
        AgentConfig config = AgentRuntime.get().config();
        Path list = Training.listFile(config.socket(), tool.getName());
        ClassLoader app = tool.getClassLoader();
        try {
            if (Files.exists(list)) {
                Training.preload(list, app);
                return;
            }
            Files.createDirectories(list.getParent());
        } catch (IOException | RuntimeException e) {
            return; // no training: the checkpoint holds what main's start loads
        }
        Training.recordAtExit(instrumentation, list, app);
        // Its appearance asks for a trained template, built while this one serves calls.
        AgentRuntime.get().rebuildWhenChanged(list);
    }

    private static void callMain(Class<?> tool, String[] args) throws Throwable {
        Method main = tool.getDeclaredMethod("main", String[].class);
        main.setAccessible(true);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class EnterFirst implements ClassFileTransformer {
        private final String internalName;

        EnterFirst(String internalName) {
            this.internalName = internalName;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                                ProtectionDomain domain, byte[] classfile) {
            if (!internalName.equals(className) || redefined != null) {
                return null;
            }
            return ClassRewrite.rewrite(classfile, (access, name, desc, mv) -> {
                boolean isMain = name.equals("main") && desc.equals("([Ljava/lang/String;)V")
                        && (access & Opcodes.ACC_STATIC) != 0;
                // args = MainHook.enter(Tool.class, args)
                return !isMain ? mv : ClassRewrite.onEntry(mv, m -> {
                    m.visitLdcInsn(Type.getObjectType(internalName));
                    m.visitVarInsn(Opcodes.ALOAD, 0);
                    m.visitMethodInsn(Opcodes.INVOKESTATIC, "org/jprefork/internal/tool/MainHook", "enter",
                            "(Ljava/lang/Class;[Ljava/lang/String;)[Ljava/lang/String;", false);
                    m.visitVarInsn(Opcodes.ASTORE, 0);
                });
            });
        }
    }
}
