package org.jprefork.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jprefork.engine.TemplateSpec;
import org.jprefork.internal.FirstCall;
import org.jprefork.protocol.JavaCommandLine;
import org.jprefork.rundir.RunDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the native client runs when no pool answers (its --print-first-call mode), against what
 * the Java side makes of the same command line (TemplateSpec, NoPoolCall): the same java, agent
 * and words, so the first call sees what later calls (run by the manager's command) see.
 */
class NativeFirstCallTest {
    @TempDir
    Path dir;
    private Map<String, String> env;
    private Path agent;

    @BeforeEach
    void setUp() throws Exception {
        NativeClient.require();
        agent = FirstCallModeTest.agentJar().toRealPath();
        env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        env.put("JPREFORK_RUN_DIR", dir.resolve("run").toString());
        env.put("JPREFORK_HOME", agent.getParent().toString()); // where an installation keeps the agent
        Files.writeString(dir.resolve("Prog.java"), "public class Prog { public static void main(String[] a) {"
                + " org.jprefork.Prefork.initialisationComplete(); } }");
        Files.writeString(dir.resolve("NoP.java"), "public class NoP { public static void main(String[] a) { } }");
        Files.writeString(dir.resolve("Script.java"), "#!/usr/bin/env -S jprefork -U java\n"
                + Files.readString(dir.resolve("Prog.java")));
    }

    @Test
    void aProgramThatMayCallRunsInTheFirstCallModeWithAMarkerInTheRunDir() throws Exception {
        for (List<String> words : List.of(List.of("Prog.java", "a b"), List.of("-Xmx64m", "-cp", "lib", "Prog.java", "x"),
                List.of("--class-path=lib", "Prog.java"), List.of("-Dk=v", dir.resolve("Script.java").toString(), "s"))) {
            List<String> c = nativeCommand(words);
            String javaagent = "-javaagent:" + agent + "=first,marker=";
            assertTrue(c.get(1).startsWith(javaagent), c.toString());
            String marker = new String(Base64.getUrlDecoder().decode(c.get(1).substring(javaagent.length())),
                    StandardCharsets.UTF_8);
            assertEquals(ident(words) + ".reached", Path.of(marker).getFileName().toString().replaceFirst("-\\d+$", ""));
            assertEquals(dir.resolve("run"), Path.of(marker).getParent());
            List<String> expected = javaSide(words, FirstCall.agentArgs(marker));
            assertEquals(expected, c, words.toString());
        }
    }

    @Test
    void aSourceGivenNoClassPathKeepsTheOneJavaWouldTakeInFrontOfTheAgent() throws Exception {
        for (String[] var : new String[][] {{"CLASSPATH", "/opt/a:/opt/b", "/opt/a:/opt/b"},
                {"JDK_JAVA_OPTIONS", "-Dx=1 -cp '/opt/c d' --class-path=/opt/e", "/opt/e"}}) {
            env.put(var[0], var[1]);
            List<String> words = List.of("Prog.java", "a");
            List<String> c = nativeCommand(words);
            String marker = new String(Base64.getUrlDecoder().decode(c.get(1).substring(c.get(1).indexOf("marker=") + 7)),
                    StandardCharsets.UTF_8);
            assertEquals(List.of("-cp", var[2] + ":" + agent), c.subList(2, 4), c.toString());
            assertEquals(javaSide(words, FirstCall.agentArgs(marker)), c, var[0]);
            env.remove(var[0]);
        }
    }

    @Test
    void aProgramThatCannotCallOrIsMissingRunsAsGiven() throws Exception {
        for (List<String> words : List.of(List.of("NoP.java", "a"), List.of("Missing.java", "b"),
                List.of("-Xmx64m", "-jar", "missing.jar"))) {
            List<String> expected = new ArrayList<>(List.of("java"));
            expected.addAll(words);
            assertEquals(expected, nativeCommand(words));
        }
    }

    @Test
    void theVerdictIsRememberedUntilAFileItWasMadeOfChanges() throws Exception {
        Path program = dir.resolve("Changing.java");
        Files.writeString(program, "public class Changing { public static void main(String[] a) { } }");
        assertEquals(List.of("java", "Changing.java"), nativeCommand(List.of("Changing.java")));
        Path cache = dir.resolve("run").resolve(ident(List.of("Changing.java")) + ".scan");
        assertTrue(Files.exists(cache), "no verdict kept");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        // Same size and time stamp, another text: the change time and the inode tell.
        java.nio.file.attribute.FileTime stamp = Files.getLastModifiedTime(program);
        Path next = dir.resolve("Changing.java.new");
        Files.writeString(next, "public class Changing { static { org.jprefork.Prefork.initialisationComplete(); } }"
                .substring(0, (int) Files.size(program)));
        Files.setLastModifiedTime(next, stamp);
        Files.move(next, program, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(nativeCommand(List.of("Changing.java")).get(1).startsWith("-javaagent:"), "a stale verdict was used");
    }

    /** What NoPoolCall runs for these words (a #! script from its copy in the pool's directory). */
    private List<String> javaSide(List<String> words, String agentArgs) throws Exception {
        JavaCommandLine command = JavaCommandLine.parse(words);
        TemplateSpec spec = new TemplateSpec("java", command, agent, dir, null).withClassPathInEffect(env)
                .prepared(RunDir.locate(env).poolDir(ident(words)).resolve("src"));
        List<String> out = new ArrayList<>(spec.localCommand(agentArgs));
        out.addAll(command.args());
        return out;
    }

    private String ident(List<String> words) throws Exception {
        return new ProgramSpec("java", JavaCommandLine.parse(words), List.of(), null, null).ident(env, dir);
    }

    private List<String> nativeCommand(List<String> words) throws Exception {
        List<String> argv = new ArrayList<>(List.of("--print-first-call", "-U", "java"));
        argv.addAll(words);
        NativeClient.Result r = NativeClient.run(argv, env, dir);
        assertEquals(0, r.exit(), r.err());
        return r.out().lines().toList();
    }
}
