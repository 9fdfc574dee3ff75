package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow-starting tools from Maven Central, unmodified, run with --checkpoint-at=main and a
 * warm-up: for good input and for errors, stdout, stderr and exit status are byte for byte
 * those of plain java, in the template's call and in restored copies. Jython keeps its first
 * main's sys.argv: its warm-up is refused, and it is checked the same way with the line that
 * says so on the first call's stderr.
 */
@RequiresCriu
class UnmodifiedToolsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    /** The class path entries of this test whose file names start with one of {@code prefixes}. */
    static String jars(String... prefixes) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> Arrays.stream(prefixes).anyMatch(x -> Path.of(p).getFileName().toString().startsWith(x)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Each input through jprefork twice and once through plain java. The first call runs the tool
     * itself; the pool is built after it, and serves the later ones from copies.
     */
    private void sameAsPlainJava(List<String> jpreforkOptions, List<String> javaWords, List<List<String>> inputs)
            throws Exception {
        sameAsPlainJava(jpreforkOptions, javaWords, inputs, null);
    }

    /** ... where the stderr of the first call the pool serves starts with a line matching {@code notice} (if not null). */
    private void sameAsPlainJava(List<String> jpreforkOptions, List<String> javaWords, List<List<String>> inputs,
                                 Pattern notice) throws Exception {
        int calls = 0;
        for (int round = 0; round < 2; round++) {
            for (List<String> input : inputs) {
                List<String> plain = new ArrayList<>(List.of("java"));
                plain.addAll(javaWords);
                plain.addAll(input);
                List<String> accelerated = new ArrayList<>(List.of("-U", "--checkpoint-at=main"));
                accelerated.addAll(jpreforkOptions);
                accelerated.addAll(plain);
                Jprefork.Result expected = ws.jprefork().runProgram(plain.toArray(new String[0]));
                Jprefork.Result actual = ws.jprefork().run(accelerated.toArray(new String[0]));
                if (calls == 1 && notice != null) {
                    String line = actual.err().lines().findFirst().orElse("");
                    assertTrue(notice.matcher(line).matches(), "the first served call's stderr: " + actual.err());
                    actual = new Jprefork.Result(actual.exit(), actual.out(), actual.err().substring(line.length() + 1));
                }
                assertEquals(expected.toString(), actual.toString(), "round " + round + ", input " + input);
                if (calls++ == 0) {
                    ws.awaitImage();
                }
            }
        }
    }

    @Test
    void clojureEvaluatesAsPlainJavaDoes() throws Exception {
        sameAsPlainJava(List.of("--warmup=-e nil"),
                List.of("-Dclojure.main.report=stderr", "-cp", jars("clojure-", "spec.alpha-", "core.specs.alpha-"),
                        "clojure.main"),
                List.of(List.of("-e", "(println (reduce + (range 100)))"),
                        List.of("-e", "(System/exit 3)"),
                        List.of("-e", "(throw (ex-info \"boom\" {:a 1}))"),
                        List.of("-e", "(unbalanced"),
                        List.of(ws.work.resolve("missing.clj").toString()),
                        List.of("--no-such-flag")));
    }

    @Test
    void groovyRunsScriptsAsPlainJavaDoes() throws Exception {
        Path script = ws.work.resolve("squares.groovy");
        Files.writeString(script, "println((1..10).collect { it * it })\nprintln args.toList()\n");
        sameAsPlainJava(List.of("--warmup=-e 1"), List.of("-cp", jars("groovy-5"), "groovy.ui.GroovyMain"),
                List.of(List.of("-e", "println((1..100).sum())"),
                        List.of(script.toString(), "a", "b c"),
                        List.of("-e", "System.exit(4)"),
                        List.of("-e", "throw new IllegalStateException('x')"),
                        List.of("-e", "syntax error ("),
                        List.of(ws.work.resolve("missing.groovy").toString())));
    }

    @Test
    void jythonRunsScriptsWithTheirArgumentsAsPlainJavaDoes() throws Exception {
        Files.writeString(ws.work.resolve("sums.py"), "import sys\nn = int(sys.argv[1])\n"
                + "print('%s %d' % (sys.argv, sum(range(n))))\n");
        Pattern refused = Pattern.compile("jprefork: warm-up kept the warm-up's (arguments|working directory) in "
                + "jython-standalone-2\\.7\\.4\\.jar's static state \\(\\S+\\); calls run without it");
        sameAsPlainJava(List.of("--warmup=sums.py 3"), List.of("-jar", jars("jython-standalone-")),
                List.of(List.of("sums.py", "10"),
                        List.of("sums.py", "20"),
                        List.of("sums.py", "30", "extra"),
                        List.of("sums.py", "not-a-number"),
                        List.of("-c", "import sys; sys.exit(4)"),
                        List.of("missing.py")), refused);
    }

    @Test
    void googleJavaFormatFormatsAsPlainJavaDoes() throws Exception {
        Path good = ws.work.resolve("Messy.java");
        Files.writeString(good, "class Messy {  int x  =1;\n void f( ){ if(x>0) {x++;} } }\n");
        Path bad = ws.work.resolve("Bad.java");
        Files.writeString(bad, "class Bad { int x = ; }\n");
        Path warm = ws.work.resolve("Warm.java");
        Files.writeString(warm, "class Warm { void f() { int a = 1 + 2; } }\n");
        sameAsPlainJava(List.of("--warmup=" + warm), List.of("-jar", jars("google-java-format-")),
                List.of(List.of(good.toString()),
                        List.of(bad.toString()),
                        List.of(ws.work.resolve("Missing.java").toString()),
                        List.of("--no-such-flag"),
                        List.of("--version")));
    }
}
