package org.jprefork.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables that the java launcher, the JVM, the C library and the JDK read
 * before {@code main} and whose effect a copy cannot take back: they are part of the ident, so
 * a caller whose values differ is served by a pool started with its own values (docs/design.md,
 * "The environment a copy sees", says why each is here; the native client has the same list).
 */
public final class IdentEnvironment {
    /** Read by name. */
    static final Set<String> NAMES = Set.of(
            "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", // options, "Picked up" lines
            "JDK_ALTERNATE_VM", "JDK_AOT_VM_OPTIONS", "_JAVA_SR_SIGNUM", // launcher and JVM
            "_JAVA_SPLASH_FILE", "_JAVA_SPLASH_JAR", // the launcher's splash screen
            "TZ", // tzset() at start-up and the default TimeZone
            "LANG", "LOCPATH", // with LC_*: locale, encodings (file.encoding on 17, sun.jnu.encoding, stdout.encoding)
            "HOME"); // user.home when the passwd entry has no usable home
    /** Read by prefix: the C library's locale categories, the dynamic loader's variables. */
    static final List<String> PREFIXES = List.of("LC_", "LD_");

    private IdentEnvironment() {
    }

    /**
     * The ident's environment entries, {@code NAME=VALUE}, sorted by the bytes of NAME: every
     * variable set in {@code env} that is in the list, and CLASSPATH where java would read it
     * (no class path given and not {@code -jar}).
     */
    public static List<String> entries(Map<String, String> env, JavaCommandLine command) {
        boolean classpath = command.program().form() != JavaCommandLine.Form.JAR
                && !WorkingDirectoryUse.classPathGiven(command, env);
        List<String> names = new ArrayList<>();
        for (String name : env.keySet()) {
            if (inIdent(name) || (classpath && name.equals("CLASSPATH"))) {
                names.add(name);
            }
        }
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        List<String> out = new ArrayList<>();
        for (String name : names) {
            out.add(name + "=" + env.get(name));
        }
        return out;
    }

    /**
     * Why no copy can give a caller with this environment what plain java would, or null: the
     * client then runs plain java and says why in one line.
     */
    public static String plainOnly(Map<String, String> env) {
        if (env.containsKey("_JAVA_LAUNCHER_DEBUG")) {
            return "_JAVA_LAUNCHER_DEBUG is set (a copy cannot repeat the java launcher's trace)";
        }
        for (String variable : JvmOptionWords.VARIABLES) {
            String value = env.get(variable);
            List<String> words = value == null ? List.of() : JvmOptionWords.split(value);
            if (words == null) {
                return variable + " has an unmatched quote";
            }
            if (variable.equals("JDK_JAVA_OPTIONS") && ArgFiles.present(words)) {
                return "JDK_JAVA_OPTIONS names an argument file (@FILE), whose words are not part of the ident";
            }
        }
        return null;
    }

    /** Whether a variable is always part of the ident when set. */
    public static boolean inIdent(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
