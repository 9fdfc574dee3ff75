package org.jprefork.internal;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Makes a restored JVM resolve relative paths against a new working directory.
 *
 * <p>The process itself must already have been moved there with chdir(2): java.io streams
 * ({@code new FileInputStream("x")}) and child processes started without
 * {@code ProcessBuilder.directory} hand relative paths / the cwd straight to the kernel. What this
 * class updates is the JDK's copies of the directory taken at startup:
 * <ul>
 *   <li>{@code java.io.UnixFileSystem.userDir} (final instance field, JDK 17-25), reached via
 *       {@code java.io.File.fs} (17, 21) or {@code java.io.File.FS} (25). Used by
 *       {@code File.getAbsolutePath/getCanonicalPath}. JDK 17 also has the canonicalization
 *       caches {@code cache} and {@code javaHomePrefixCache} (ExpiringCache, null unless
 *       {@code -Dsun.io.useCanonCaches=true}); they are cleared. JDK 21+ removed them.</li>
 *   <li>{@code sun.nio.fs.UnixFileSystem.defaultDirectory} and
 *       {@code needToResolveAgainstDefaultDirectory} (final instance fields, JDK 17-25) of the
 *       built-in default file system. Used by {@code Path.toAbsolutePath}, {@code toRealPath} and,
 *       when the flag is set, by every NIO system call on a relative path.</li>
 *   <li>the {@code user.dir} system property.</li>
 * </ul>
 *
 * <p>Not changed: {@code jdk.internal.util.StaticProperty.USER_DIR} (a static final, possibly
 * constant-folded). It is only read when the two file systems above are constructed (before any
 * checkpoint), by {@code sun.security.provider.SunEntries} for a relative
 * {@code securerandom.source} URL, and on JDK 25 by the static {@code FilePermission.here} used in
 * permission matching; none of the APIs this class serves read it afterwards.
 */
public final class WorkingDirectorySwap {

    private WorkingDirectorySwap() {
    }

    /**
     * Points every JDK-internal copy of the working directory at {@code absoluteDir}.
     *
     * @param absoluteDir the directory the process has already chdir'ed to; must be absolute
     * @throws IllegalArgumentException if {@code absoluteDir} is not absolute
     * @throws IllegalStateException if the JDK layout is unknown or the needed packages
     *     ({@code java.io}, {@code sun.nio.fs}) are not opened
     */
    public static void apply(Path absoluteDir) {
        if (!absoluteDir.isAbsolute()) {
            throw new IllegalArgumentException("not an absolute path: " + absoluteDir);
        }
        String dir = absoluteDir.normalize().toString();

        // Resolve every member first so an unknown layout fails before anything changed.
        Field fileFs = JdkInternals.firstField(File.class, "fs", "FS");
        Object ioFs = JdkInternals.get(fileFs, null);
        Field userDir = JdkInternals.field(ioFs.getClass(), "userDir");
        Field canonCache = JdkInternals.optionalField(ioFs.getClass(), "cache");
        Field prefixCache = JdkInternals.optionalField(ioFs.getClass(), "javaHomePrefixCache");

        Object nioFs = JdkInternals.invoke(JdkInternals.method(
                JdkInternals.type("sun.nio.fs.DefaultFileSystemProvider"), "theFileSystem"), null);
        Field defaultDirectory = JdkInternals.field(nioFs.getClass(), "defaultDirectory");
        Field resolveFlag = JdkInternals.field(nioFs.getClass(),
                "needToResolveAgainstDefaultDirectory");
        byte[] dirBytes = nioDirectoryBytes(dir);
        boolean mustResolve = mustResolveAgainst(dirBytes);

        JdkInternals.set(userDir, ioFs, dir);
        clearCache(ioFs, canonCache);
        clearCache(ioFs, prefixCache);
        JdkInternals.set(defaultDirectory, nioFs, dirBytes);
        JdkInternals.set(resolveFlag, nioFs, mustResolve);
        System.setProperty("user.dir", dir);
    }

    /** As the sun.nio.fs.UnixFileSystem constructor: Util.toBytes(normalizeAndCheck(dir)). */
    private static byte[] nioDirectoryBytes(String dir) {
        Method normalize = JdkInternals.method(JdkInternals.type("sun.nio.fs.UnixPath"),
                "normalizeAndCheck", String.class);
        Method toBytes = JdkInternals.method(JdkInternals.type("sun.nio.fs.Util"), "toBytes",
                String.class);
        Object normalized = JdkInternals.invoke(normalize, null, dir);
        return (byte[]) JdkInternals.invoke(toBytes, null, normalized);
    }

    /**
     * Mirrors the sun.nio.fs.UnixFileSystem constructor (JDK 17-25): NIO passes relative paths
     * to system calls unchanged only if chdir is not allowed and the process cwd equals the
     * default directory; otherwise it resolves them against defaultDirectory itself.
     */
    private static boolean mustResolveAgainst(byte[] dirBytes) {
        String chdirAllowed = System.getProperty("sun.nio.fs.chdirAllowed", "false");
        if (chdirAllowed.isEmpty() || Boolean.parseBoolean(chdirAllowed)) {
            return true;
        }
        Method getcwd = JdkInternals.method(JdkInternals.type("sun.nio.fs.UnixNativeDispatcher"),
                "getcwd");
        return !Arrays.equals((byte[]) JdkInternals.invoke(getcwd, null), dirBytes);
    }

    /** JDK 17 java.io canonicalization caches (absolute path keys): dropped, no stale hits. */
    private static void clearCache(Object ioFs, Field cacheField) {
        Object cache = cacheField == null ? null : JdkInternals.get(cacheField, ioFs);
        if (cache != null) {
            JdkInternals.invoke(JdkInternals.method(cache.getClass(), "clear"), cache);
        }
    }
}
