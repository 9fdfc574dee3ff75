package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The run directory is as private as ssh-agent's: owner-only files, images unreadable to
 * others, no run dir or socket of another user used, no connection of another user served.
 * Tests that act as another user need root (they run `nobody`'s side through setpriv).
 */
class RunDirSecurityTest {
    private static final int NOBODY = 65534;
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    @RegisterExtension
    final Workspace ws = new Workspace();

    @Test
    @RequiresCriu
    void theRunDirItsFilesAndTheImagesAreOwnerOnly() throws Exception {
        Jprefork j = ws.jprefork();
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitImage();
        assertEquals("ok b\n", j.run("-U", "java", "Faults.java", "b").out());
        assertEquals("rwx------", mode(ws.runDir));
        List<Path> images = new ArrayList<>();
        try (Stream<Path> all = Files.walk(ws.runDir)) {
            for (Path p : all.toList()) {
                if (p.getParent().equals(ws.runDir)) {
                    assertTrue(disjoint(p), p + " is open to group or others: " + mode(p));
                }
                if (p.getFileName().toString().matches("image-\\d+")) {
                    images.add(p);
                }
            }
        }
        assertFalse(images.isEmpty(), "no image was made");
        for (Path image : images) {
            assertEquals("rwx------", mode(image), image.toString());
            try (Stream<Path> files = Files.list(image)) {
                for (Path f : files.toList()) {
                    assertEquals("rw-------", mode(f), f + " is readable by others");
                }
            }
        }
    }

    @Test
    void aRunDirOfAnotherUserOrWritableByOthersIsRefused() throws Exception {
        assumeTrue(isRoot(), "making a directory of another user needs root");
        Files.createDirectories(ws.runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(ws.runDir, nobody());
        Jprefork.Result theirs = ws.jprefork().run("-U", "java", "Faults.java", "a");
        assertEquals(120, theirs.exit(), theirs.toString());
        assertEquals("jprefork: run directory " + ws.runDir + " belongs to uid 65534, not to you (uid 0): "
                + "refusing to use it\n", theirs.err(), theirs.toString());
        assertEquals("", theirs.out(), "the program ran anyway: " + theirs);

        Files.setOwner(ws.runDir, ws.root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root"));
        Files.setPosixFilePermissions(ws.runDir, PosixFilePermissions.fromString("rwxrwx---"));
        Jprefork.Result writable = ws.jprefork().run("-U", "java", "Faults.java", "a");
        assertEquals(120, writable.exit(), writable.toString());
        assertTrue(writable.err().contains("is writable by others (rwxrwx---): refusing to use it"), writable.toString());
        assertEquals(1, writable.err().lines().count(), writable.toString());
    }

    @Test
    @RequiresCriu
    void aConnectionFromAnotherUidIsRefusedAndLogged() throws Exception {
        assumeTrue(isRoot(), "connecting as another user needs root");
        Jprefork j = ws.jprefork();
        assertEquals("ok a\n", j.run("-U", "java", "Faults.java", "a").out());
        ws.awaitImage();
        Path socket = onlySocket();
        long manager = ws.managers().get(0);
        long fdsBefore = PoolHealth.fdCount(manager);
        // nobody reaches the manager's socket through a hard link in a directory it may enter.
        Path open = Files.createTempDirectory(Path.of("/tmp"), "jprefork-it-open");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path link = Files.createLink(open.resolve("pool.s"), socket);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxrwxrwx"));
            String got = asNobody("use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(),"
                    + " Peer => $ARGV[0]) or die \"connect: $!\\n\"; my $n = sysread($s, my $b, 64);"
                    + " print defined $n ? \"read $n\\n\" : \"error $!\\n\";", link.toString());
            assertEquals("read 0\n", got, "the manager answered another user");
        } finally {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwx------"));
            deleteTree(open);
        }
        Path log = ws.runDir.resolve(socket.getFileName().toString().replace(".s", ".log"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                Files.readString(log).contains("refused a connection from uid " + NOBODY));
        PoolHealth.assertRecovered(ws, j, "-U", "java", "Faults.java", "after");
        assertTrue(PoolHealth.fdCount(manager) <= fdsBefore + 1, "the refused connection leaked a descriptor");
    }

    @Test
    @RequiresCriu
    void aSocketServedByAnotherUserGetsNoDescriptors() throws Exception {
        assumeTrue(isRoot(), "listening as another user needs root");
        Jprefork j = ws.jprefork();
        Files.createDirectories(ws.runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String ident = printIdent(j);
        Path open = Files.createTempDirectory(Path.of("/tmp"), "jprefork-it-open");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path impostorSocket = open.resolve("impostor.s");
        // Greets like a manager (HELLO, version 1), then reports how many bytes a client sent.
        // SIGPIPE ignored: a client that refuses it closes at once, and the greeting written to
        // that closed connection used to kill the impostor; the next client then found no
        // listener, rightly took the socket for stale, and started its own pool (exit 0).
        Process impostor = new ProcessBuilder(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "perl", "-e", "use IO::Socket::UNIX; my $l = IO::Socket::UNIX->new(Type =>"
                        + " SOCK_STREAM(), Local => $ARGV[0], Listen => 5) or die \"listen: $!\\n\";"
                        + " $SIG{PIPE} = 'IGNORE'; $| = 1; print \"listening\\n\"; while (my $c = $l->accept) {"
                        + " syswrite($c, \"\\x01\\x00\\x00\\x00\\x06JPFK\\x00\\x01\"); my $t = 0; my $n;"
                        + " while (($n = sysread($c, my $b, 65536)) > 0) { $t += $n } print \"got $t\\n\"; }",
                impostorSocket.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(impostor.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("listening", out.readLine());
            Thread reader = new Thread(() -> out.lines().forEach(said::add));
            reader.setDaemon(true);
            reader.start();
            Files.createLink(ws.runDir.resolve(ident + ".s"), impostorSocket);
            for (String client : List.of("bin/jprefork", "bin/jprefork-java")) {
                Process p = j.startWith(client, "-U", "java", "Faults.java", "a");
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), client + " hung");
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                try (Stream<Path> files = Files.list(ws.runDir)) {
                    assertEquals(120, p.exitValue(), client + ": " + err + stdout + " ident " + ident + " " + files.toList());
                }
                assertEquals("jprefork: the process listening on " + ws.runDir.resolve(ident + ".s") + " runs as uid "
                        + NOBODY + ", not as you: refusing to use it\n", err, client);
            }
            // The native client checks, then hands over to the Java launcher, which checks again.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> said.size() >= 3);
            assertEquals(List.of("got 0", "got 0", "got 0"), said, "a client sent the impostor its call");
        } finally {
            impostor.destroyForcibly().waitFor();
            deleteTree(open);
        }
    }

    private static String printIdent(Jprefork j) throws Exception {
        Process p = j.start("--print-ident", "-U", "java", "Faults.java");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
    }

    private Path onlySocket() throws Exception {
        try (Stream<Path> files = Files.list(ws.runDir)) {
            return files.filter(p -> p.toString().endsWith(".s")).findFirst().orElseThrow();
        }
    }

    private static String asNobody(String perl, String arg) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "perl", "-e", perl, arg).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the connection as nobody hung");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean isRoot() throws Exception {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
    }

    private UserPrincipal nobody() throws Exception {
        return ws.root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static boolean disjoint(Path p) throws Exception {
        return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).stream().noneMatch(OTHERS::contains);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
