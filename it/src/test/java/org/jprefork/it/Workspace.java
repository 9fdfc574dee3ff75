package org.jprefork.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private directory for a test class (registered on a static field) or for each test (on an
 * instance field): a run dir, a working directory with the test programs copied in, and clean-up
 * that stops every pool manager started there.
 */
final class Workspace implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    Path root;
    Path runDir;
    Path work;
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        open();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            open();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            close();
        }
    }

    private void open() throws IOException {
        root = Files.createTempDirectory("jprefork-it");
        runDir = root.resolve("run");
        work = root.resolve("work");
        Files.createDirectories(work);
        for (String name : List.of("Echo.java", "NoPrefork.java", "Broken.java", "InitThrows.java",
                "CracOrder.java", "Randomness.java", "Faults.java", "Held.java", "ExitPaths.java")) {
            try (InputStream in = Workspace.class.getResourceAsStream("/programs/" + name)) {
                Files.copy(in, work.resolve(name));
            }
        }
        Files.writeString(work.resolve("input.txt"), "contents of input.txt\n");
    }

    /** The log of the only pool in this workspace's run dir. */
    String poolLog() throws IOException {
        try (var files = Files.list(runDir)) {
            return Files.readString(files.filter(p -> p.toString().endsWith(".log")).findFirst()
                    .orElseThrow(() -> new AssertionError("no pool log in " + runDir)));
        }
    }

    /** The logs of every pool in this workspace's run dir, one after the other. */
    String poolLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(runDir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    Jprefork jprefork() {
        return new Jprefork(runDir, work);
    }

    /** PIDs of the pool managers running for this workspace. */
    List<Long> managers() throws IOException {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pid"))
                    .map(Workspace::readPid).flatMap(Optional::stream)
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
        }
    }

    /** Puts the pool managers' errors in the test output, since the run dir is deleted next. */
    private void echoManagerErrors() throws IOException {
        if (!Files.isDirectory(runDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                List<String> lines = Files.readAllLines(log);
                if (lines.stream().anyMatch(l -> l.contains("ERROR") || l.contains("exit 121"))) {
                    System.out.println("--- " + log + " (it has errors)");
                    lines.forEach(System.out::println);
                }
            }
        }
    }

    private static Optional<Long> readPid(Path p) {
        try {
            return Optional.of(Long.parseLong(Files.readString(p).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits (bounded) until no pool is being built: a call that ran the program itself has its
     * pool built in the background after it ends, holding the ident's lock until the new manager
     * answers. Then every manager there will be is running.
     */
    void awaitBuilds() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> heldLocks().isEmpty());
    }

    /** The lock files in the run dir that some process holds now. */
    List<Path> heldLocks() throws IOException {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<Path> held = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path lock : files.filter(p -> p.toString().endsWith(".lock")).toList()) {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    var l = ch.tryLock();
                    if (l == null) {
                        held.add(lock);
                    } else {
                        l.release();
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // gone
                }
            }
        }
        return held;
    }

    /**
     * Waits (bounded) until a pool of this workspace has a checkpoint (its status file says
     * state=image): a first call has it built in the background, after the call.
     */
    void awaitImage() {
        awaitStatus(1, "state=image");
    }

    /** Waits (bounded) until {@code pools} status files of the run dir hold every line of {@code lines}. */
    void awaitStatus(int pools, String... lines) {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> statuses().stream().filter(s -> s.containsAll(List.of(lines))).count() >= pools);
    }

    private List<List<String>> statuses() throws IOException {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        List<List<String>> out = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path status : files.filter(p -> p.toString().endsWith(".status")).toList()) {
                try {
                    out.add(Files.readAllLines(status));
                } catch (IOException e) {
                    // being rewritten
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        echoManagerErrors();
        awaitBuilds();
        for (long pid : managers()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> managers().isEmpty());
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
