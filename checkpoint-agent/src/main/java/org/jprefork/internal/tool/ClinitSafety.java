package org.jprefork.internal.tool;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether a class may be initialised in the template, before any call: its static initialiser
 * (if any) must not be able to see what differs between calls. Conservative by design: a
 * {@code <clinit>} is safe only if it touches nothing but its own class and JDK classes outside
 * a list of per-call sources (environment, properties, clocks, stdio, files, the current
 * process and thread, randomness); any call or field access into another class of the program
 * could read state that main sets, so it makes the class unsafe. Unsafe classes are loaded, not
 * initialised.
 */
final class ClinitSafety {
    /** JDK owners any use of which in a static initialiser is per-call. */
    private static final Set<String> PER_CALL_OWNERS = Set.of(
            "java/lang/System", "java/lang/Runtime", "java/lang/ProcessHandle", "java/lang/ProcessBuilder",
            "java/lang/Thread", "java/io/File", "java/io/FileDescriptor", "java/io/FileInputStream",
            "java/io/FileOutputStream", "java/io/FileReader", "java/io/FileWriter", "java/io/Console",
            "java/nio/file/Files", "java/nio/file/Paths", "java/nio/file/Path", "java/nio/file/FileSystems",
            "java/util/Date", "java/util/Calendar", "java/util/TimeZone", "java/util/Locale",
            "java/util/Random", "java/util/UUID", "java/security/SecureRandom", "java/time/Clock",
            "java/time/Instant", "java/time/LocalDate", "java/time/LocalDateTime", "java/time/LocalTime",
            "java/time/ZonedDateTime", "java/time/OffsetDateTime", "java/time/ZoneId", "java/lang/management/ManagementFactory",
            "java/util/logging/LogManager", "java/util/logging/Logger", "java/lang/Integer", "java/lang/Long",
            "java/lang/Boolean");

    private ClinitSafety() {
    }

    /** {@code bytes} of class {@code internalName}: true when initialising it early cannot go wrong. */
    static boolean safe(String internalName, byte[] bytes) {
        boolean[] unsafe = {false};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                if (!name.equals("<clinit>")) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String m, String d, boolean itf) {
                        check(owner);
                    }

                    @Override
                    public void visitFieldInsn(int op, String owner, String f, String d) {
                        check(owner);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, org.objectweb.asm.Handle bsm, Object... args) {
                        // lambdas and string concatenation: their bodies are checked where they run
                    }

                    private void check(String owner) {
                        if (owner.equals(internalName) || owner.startsWith("[")) {
                            return;
                        }
                        boolean jdk = owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/")
                                || owner.startsWith("sun/");
                        if (!jdk || PER_CALL_OWNERS.contains(owner)) {
                            unsafe[0] = true;
                        }
                    }
                };
            }

            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                return null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return !unsafe[0];
    }

    /** The class file of {@code name} as {@code loader} sees it, or null. */
    static byte[] bytes(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
