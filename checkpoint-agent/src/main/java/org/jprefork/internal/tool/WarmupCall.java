package org.jprefork.internal.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jprefork.internal.WorkingDirectorySwap;
import org.jprefork.internal.unix.Posix;

/**
 * The warm-up run's own inputs, made so that what it leaves behind can be recognised: argument
 * strings that are new objects (no call ever gets the same ones), and a working directory of the
 * same directory under a path only the warm-up uses, a symbolic link in the pool's directory, so
 * that any text holding that path came from the warm-up's working directory. Relative paths of
 * the warm-up words still name the same files: the kernel follows the link. Not recognised: the
 * directory's canonical path (the link resolved), which is the callers' too. The system properties
 * are noted before the run, to see which ones it set or changed (the JDK sets some by itself, such
 * as {@code user.timezone}, and tools set constants).
 */
final class WarmupCall {
    private final String[] args;
    private final String realDir;
    private final Path alias;
    private final String aliasFailure;
    private final Map<Object, Object> properties;

    private WarmupCall(String[] args, String realDir, Path alias, String aliasFailure, Map<Object, Object> properties) {
        this.args = args;
        this.realDir = realDir;
        this.alias = alias;
        this.aliasFailure = aliasFailure;
        this.properties = properties;
    }

    /** Makes the arguments and moves the process into the alias of its working directory. */
    static WarmupCall enter(List<String> words, Path poolDir) {
        String[] args = new String[words.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = new String(words.get(i)); // a copy: identity tells it from anything else
        }
        Map<Object, Object> properties = new HashMap<>(System.getProperties());
        String real = System.getProperty("user.dir");
        Path alias = poolDir.resolve("warmup-cwd-" + Long.toHexString(System.nanoTime()) + "-"
                + Long.toHexString(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(poolDir);
            Files.createSymbolicLink(alias, Path.of(real));
            if (Posix.get().chdir(alias.toString()) != 0) {
                throw new IOException("chdir(" + alias + ") failed");
            }
            WorkingDirectorySwap.apply(alias);
            return new WarmupCall(args, real, alias, null, properties);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(alias);
            Posix.get().chdir(real);
            return new WarmupCall(args, real, null, "cannot give the warm-up a working directory of its own: " + e,
                    properties);
        }
    }

    String[] args() {
        return args;
    }

    /** Why the warm-up's working directory cannot be recognised, or null. */
    String aliasFailure() {
        return aliasFailure;
    }

    /** The system properties the warm-up set or changed (after {@link #close}), with their values. */
    Map<String, Object> changedProperties() {
        Map<String, Object> changed = new java.util.TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            if (properties.get(k) != v) {
                changed.put(String.valueOf(k), v);
            }
        });
        return changed;
    }

    /** What to look for, with the environment strings the process handed out ({@code env}). */
    WarmupTraces traces(List<String> env) {
        Map<Object, String> identities = new IdentityHashMap<>();
        for (String s : env) {
            identities.put(s, WarmupTraces.ENVIRONMENT);
        }
        identities.put(args, WarmupTraces.ARGUMENTS);
        for (String a : args) {
            identities.put(a, WarmupTraces.ARGUMENTS);
        }
        return new WarmupTraces(identities, alias == null ? null : alias.toString());
    }

    /** Back in the real working directory; the alias is removed (its path stays recognisable). */
    void close() {
        if (alias != null) {
            Posix.get().chdir(realDir);
            WorkingDirectorySwap.apply(Path.of(realDir));
            deleteQuietly(alias);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a dangling link in the pool's directory: gc removes the directory with the pool
        }
    }
}
