package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bundled examples run as their documentation says, so the docs cannot rot. */
@RequiresCriu
class ExamplesTest {
    @RegisterExtension
    static final Workspace ws = new Workspace();

    @Test
    void theHashBangScriptRunsDirectly() throws Exception {
        Path examples = Jprefork.REPO.resolve("examples/report");
        Jprefork j = ws.jprefork().in(examples)
                .env("PATH", Jprefork.REPO.resolve("bin") + ":" + System.getenv("PATH"));
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = j.runProgram("./Report.java", "7", "999", "x");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("7: 200\n999: 200\nx: 0\n", r.out(), r.toString());
        }
        assertEquals(2, j.runProgram("./Report.java").exit());
    }

    @Test
    void theScriptWithDependenciesRunsDirectly() throws Exception {
        Path examples = Jprefork.REPO.resolve("examples/deps");
        Jprefork j = ws.jprefork().in(examples)
                .env("PATH", Jprefork.REPO.resolve("bin") + ":" + System.getenv("PATH"))
                .env("JPREFORK_CACHE_DIR", ws.root.resolve("cache").toString());
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = j.runProgram("./Nearest.java", "chekpoint", "dependancy", "Skript");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("chekpoint -> Checkpoint (1)\ndependancy -> Dependency (1)\nSkript -> Script (1)\n", r.out(),
                    r.toString());
        }
        assertEquals(2, j.runProgram("./Nearest.java").exit());
    }

    @Test
    void theGroovyWrapperGivesPlainJavasOutputAndStatus() throws Exception {
        Path example = Jprefork.REPO.resolve("examples/groovy-eval");
        assumeTrue(Files.isRegularFile(example.resolve("target/groovy-eval.jar")), "examples/groovy-eval is not built");
        String cp = "target/groovy-eval.jar:target/lib/*";
        String main = "org.jprefork.examples.GroovyEval";
        Jprefork j = ws.jprefork().in(example);
        for (String expression : new String[] {"(1..10).sum()", "'x' * 3", "1 / 0", "this is not groovy", "System.exit(7)"}) {
            Jprefork.Result plain = j.runProgram("java", "-cp", cp, main, expression);
            for (int i = 0; i < 2; i++) {
                Jprefork.Result viaJprefork = j.run("-U", "java", "-cp", cp, main, expression);
                assertEquals(plain.exit(), viaJprefork.exit(), expression + "\n" + viaJprefork);
                assertEquals(plain.out(), viaJprefork.out(), expression);
                assertEquals(plain.err(), viaJprefork.err(), expression);
            }
        }
    }

    @Test
    void theSlowInitExampleAnswers() throws Exception {
        Jprefork j = ws.jprefork().in(Jprefork.REPO);
        for (String name : new String[] {"first", "second"}) {
            Jprefork.Result r = j.run("-U", "java", "-Xmx128m", "-XX:+UseSerialGC",
                    "examples/slow-init/SlowInit.java", name);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("hello, " + name + " (table of 100000 entries"), r.toString());
        }
    }

    @Test
    void theToolWrapperRunsAnUnchangedToolBehindPrefork() throws Exception {
        Path wrapper = Jprefork.REPO.resolve("examples/wrapped-tool/WrapTool.java");
        String cp = UnmodifiedToolsTest.jars("groovy-5") + ":" + Jprefork.agentJar();
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = ws.jprefork().run("-U", "java", "-cp", cp, "-Dwrap.main=groovy.ui.GroovyMain",
                    "-Dwrap.warmup.0=-e", "-Dwrap.warmup.1=1", wrapper.toString(), "-e", "println args.length + 40", "a", "b");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("42\n", r.out(), r.toString());
        }
        Jprefork.Result exit = ws.jprefork().run("-U", "java", "-cp", cp, "-Dwrap.main=groovy.ui.GroovyMain",
                "-Dwrap.warmup.0=-e", "-Dwrap.warmup.1=1", wrapper.toString(), "-e", "System.exit(5)");
        assertEquals(5, exit.exit(), exit.toString());
    }
}
