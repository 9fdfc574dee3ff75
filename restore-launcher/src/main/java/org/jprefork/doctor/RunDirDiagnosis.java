package org.jprefork.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jprefork.rundir.RunDir;

/** The run dir: where it is, and whether jprefork may use it (ours, not writable by others). */
final class RunDirDiagnosis {
    private RunDirDiagnosis() {
    }

    static Finding check(Map<String, String> env, int uid) {
        Path dir;
        try {
            dir = RunDir.chosen(env);
        } catch (IOException e) {
            return Finding.fail("run dir", "cannot choose one: " + e.getMessage(), "set JPREFORK_RUN_DIR");
        }
        return check(dir, uid);
    }

    static Finding check(Path dir, int uid) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Finding.ok("run dir", dir + " (created, 0700, by the first call)");
        }
        try {
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return Finding.fail("run dir", dir + " is not a directory", "remove it, or set JPREFORK_RUN_DIR");
            }
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
            if (owner != uid) {
                return Finding.fail("run dir", dir + " belongs to uid " + owner + ", not to you (uid " + uid + ")",
                        "remove it, or set JPREFORK_RUN_DIR to a directory of yours");
            }
            if (perms.charAt(4) == 'w' || perms.charAt(7) == 'w') {
                return Finding.fail("run dir", dir + " is writable by others (" + perms + ")", "chmod 700 " + dir);
            }
            return Finding.ok("run dir", dir + " (yours, " + perms + ")");
        } catch (IOException e) {
            return Finding.fail("run dir", dir + ": " + e.getMessage(), "set JPREFORK_RUN_DIR");
        }
    }
}
