package org.jprefork.rundir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The per-user directory of pool sockets, locks, images and logs:
 * {@code $JPREFORK_RUN_DIR}, else {@code $XDG_RUNTIME_DIR/jprefork}, else
 * {@code /run/user/UID/jprefork} when that user directory exists and is ours, else
 * {@code ~/.jprefork/HOSTNAME}. Created 0700; refused when another user owns it or others can
 * write it.
 */
public final class RunDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private final Path dir;

    private RunDir(Path dir) {
        this.dir = dir;
    }

    public static RunDir locate(Map<String, String> env) throws IOException {
        return at(choose(env));
    }

    /** Uses (and creates) exactly this directory. */
    public static RunDir at(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // checked below
        }
        checkOwnedAndPrivate(dir);
        return new RunDir(dir);
    }

    /** The directory {@link #locate} would use, without creating or checking it. */
    public static Path chosen(Map<String, String> env) throws IOException {
        return choose(env);
    }

    static Path choose(Map<String, String> env) throws IOException {
        String explicit = env.get("JPREFORK_RUN_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "jprefork");
        }
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Path userRun = Path.of("/run/user", Integer.toString(uid));
        if (Files.isDirectory(userRun)
                && (Integer) Files.getAttribute(userRun, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid) {
            return userRun.resolve("jprefork");
        }
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        return Path.of(System.getProperty("user.home"), ".jprefork", host);
    }

    private static void checkOwnedAndPrivate(Path dir) throws IOException {
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != me) {
            throw new IOException("run directory " + dir + " belongs to uid " + owner + ", not to you (uid "
                    + me + "): refusing to use it");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!perms.equals(OWNER_ONLY)) {
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException("run directory " + dir + " is writable by others ("
                        + PosixFilePermissions.toString(perms) + "): refusing to use it");
            }
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    public Path path() {
        return dir;
    }

    /** The pool's socket. */
    public Path socket(String ident) {
        return dir.resolve(ident + ".s");
    }

    /** Taken while a pool manager is started, so simultaneous first calls start one. */
    public Path lock(String ident) {
        return dir.resolve(ident + ".lock");
    }

    /** The manager's PID, for --kill. */
    public Path pidFile(String ident) {
        return dir.resolve(ident + ".pid");
    }

    /** The manager's log. */
    public Path log(String ident) {
        return dir.resolve(ident + ".log");
    }

    /** The pool's private working directory: images, engine logs. */
    public Path poolDir(String ident) throws IOException {
        Path p = dir.resolve(ident + ".d");
        try {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(p, OWNER_ONLY);
        }
        return p;
    }
}
