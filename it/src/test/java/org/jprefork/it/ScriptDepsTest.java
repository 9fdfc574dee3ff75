package org.jprefork.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Java scripts with JBang directives: //DEPS resolved from the local repository (commons-text,
 * which needs commons-lang3), //SOURCES, //JAVA_OPTIONS, compile errors, a changed //DEPS line,
 * jprefork's own agent in //DEPS, and the one-line errors of bad directives.
 */
@RequiresCriu
class ScriptDepsTest {
    @RegisterExtension
    final Workspace ws = new Workspace();

    private static final String TEXT = "//DEPS org.apache.commons:commons-text:1.15.0\n";

    /** A #! script calling Prefork; {@code directives} go after the #! line, {@code body} in main. */
    private Path script(String name, String directives, String body) throws Exception {
        Path p = ws.work.resolve(name);
        Files.createDirectories(p.getParent());
        String cls = p.getFileName().toString().replace(".java", "");
        Files.writeString(p, "#!/usr/bin/env -S jprefork -U java\n" + directives
                + "import org.jprefork.Prefork;\n"
                + "public class " + cls + " {\n"
                + "    public static void main(String[] first) throws Exception {\n"
                + "        Prefork.Invocation call = Prefork.initialisationComplete();\n"
                + "        String[] args = call.args();\n"
                + "        " + body + "\n"
                + "    }\n"
                + "}\n");
        return p;
    }

    private Jprefork jprefork() {
        // A private cache: builds and resolved class paths of this test only.
        return ws.jprefork().env("JPREFORK_CACHE_DIR", ws.root.resolve("cache").toString());
    }

    @Test
    void depsSourcesAndJavaOptionsReachCopiesRestoredFromTheImage() throws Exception {
        script("Tool.java", TEXT + "//SOURCES lib/Helper.java, lib/Other.java\n"
                        + "//JAVA_OPTIONS '-Dgreeting=hello there' -Xmx96m\n",
                "System.out.println(System.getProperty(\"greeting\") + \"|\" + Helper.name() + \"|\" + Other.name()"
                        + " + \"|\" + org.apache.commons.text.WordUtils.capitalize(String.join(\" \", args))"
                        + " + \"|\" + org.apache.commons.lang3.StringUtils.reverse(args[0]));");
        Files.createDirectories(ws.work.resolve("lib"));
        Files.writeString(ws.work.resolve("lib/Helper.java"), "class Helper { static String name() { return \"helper\"; } }\n");
        Files.writeString(ws.work.resolve("lib/Other.java"), "class Other { static String name() { return \"other\"; } }\n");
        Jprefork j = jprefork();
        for (String word : List.of("alpha", "beta", "gamma")) {
            Jprefork.Result r = j.run("-U", "java", "Tool.java", word, "words");
            assertEquals(0, r.exit(), r.toString());
            if (word.equals("alpha")) {
                ws.awaitImage(); // the first call ran the build itself; the checkpoint follows it
            }
            assertEquals("hello there|helper|other|" + Character.toUpperCase(word.charAt(0)) + word.substring(1)
                    + " Words|" + new StringBuilder(word).reverse() + "\n", r.out(), r.toString());
            assertEquals("", r.err(), "no progress note when stderr is not a terminal: " + r);
        }
        String log = ws.poolLog();
        assertTrue(log.contains("script built: 2 jars, main class Tool"), log);
        assertTrue(log.contains("restored"), "later calls are served by restored copies: " + log);
        // Resolved, not guessed: the transitive dependency came from the local repository.
        String resolved;
        try (Stream<Path> f = Files.list(ws.root.resolve("cache/deps"))) {
            resolved = Files.readString(f.findFirst().orElseThrow());
        }
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache", "commons");
        assertTrue(resolved.contains(m2.resolve("commons-text/1.15.0/commons-text-1.15.0.jar").toString()), resolved);
        assertTrue(resolved.contains(m2.resolve("commons-lang3/3.20.0/commons-lang3-3.20.0.jar").toString()), resolved);
    }

    @Test
    void aChangedDepsLineGivesTheNewDependenciesOnTheNextCall() throws Exception {
        String body = "System.out.println(\"text=\" + present(\"org.apache.commons.text.WordUtils\")"
                + " + \" lang3=\" + present(\"org.apache.commons.lang3.StringUtils\")); }\n"
                + "    static boolean present(String c) { try { Class.forName(c); return true; }"
                + " catch (ClassNotFoundException e) { return false; }";
        Path p = script("Change.java", TEXT, body);
        Jprefork j = jprefork();
        for (int i = 0; i < 2; i++) {
            Jprefork.Result r = j.run("-U", "java", "Change.java");
            assertEquals("text=true lang3=true\n", r.out(), r.toString());
        }
        Files.writeString(p, Files.readString(p).replace(TEXT, "//DEPS org.apache.commons:commons-lang3:3.20.0\n"));
        Jprefork.Result r = j.run("-U", "java", "Change.java");
        assertEquals("text=false lang3=true\n", r.out(), r.toString());
    }

    @Test
    void aResolvedJarThatChangesReloadsThePool() throws Exception {
        // A private local repository, filled by the resolver from the user's one (as a remote).
        Path m2 = ws.root.resolve("m2");
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        script("Jar.java", TEXT, "System.out.println(org.apache.commons.text.WordUtils.capitalize(args[0]));");
        Jprefork j = jprefork().env("JPREFORK_MAVEN_LOCAL_REPO", m2.toString())
                .env("JPREFORK_MAVEN_REPO_URL", userRepo.toUri().toString());
        for (int i = 0; i < 2; i++) {
            assertEquals("Word\n", j.run("-U", "java", "Jar.java", "word").out());
            if (i == 0) {
                ws.awaitImage();
            }
        }
        Path jar = m2.resolve("org/apache/commons/commons-lang3/3.20.0/commons-lang3-3.20.0.jar");
        Path copy = jar.resolveSibling("replacement.tmp");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same size and times
        Jprefork.Result r = j.run("-U", "java", "Jar.java", "again");
        assertEquals("Again\n", r.out(), r.toString());
        assertTrue(ws.poolLog().contains(jar + " changed; reloading"), ws.poolLog());
    }

    @Test
    void compileErrorsNameTheScriptsAndTheSourcesFilesOwnLines() throws Exception {
        Path p = script("scripts/Broken.java", "//SOURCES Helper.java\n", "int x = Helper.value()");
        Path helper = ws.work.resolve("scripts/Helper.java");
        Files.writeString(helper, "class Helper {\n    static int value() { return 1; }\n}\n");
        Jprefork j = jprefork();
        Jprefork.Result r = j.run("-U", "java", "scripts/Broken.java");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("scripts/Broken.java:8: error: ';' expected\n"), r.toString());
        assertTrue(r.err().endsWith("1 error\nerror: compilation failed\n"), r.toString());

        Files.writeString(p, Files.readString(p).replace("Helper.value()", "Helper.value(); System.out.println(x);"));
        Files.writeString(helper, "class Helper {\n    static int value() { return \"one\"; }\n}\n");
        r = j.run("-U", "java", "scripts/Broken.java");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("scripts/Helper.java:2: error: incompatible types"), r.toString());

        Files.writeString(helper, "class Helper {\n    static int value() { return 42; }\n}\n");
        r = j.run("-U", "java", "scripts/Broken.java");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("42\n", r.out(), r.toString());
    }

    @Test
    void jpreforksOwnAgentInDepsIsNeverResolved() throws Exception {
        // A script as written for jbang (its first line, and the agent as jbang needs it
        // declared); no repository could serve the agent here.
        Path p = script("Agent.java", "//DEPS org.jprefork:checkpoint-agent:9.9.9\n",
                "System.out.println(\"agent \" + String.join(\",\", args));");
        Files.writeString(p, Files.readString(p).replace("#!/usr/bin/env -S jprefork -U java\n",
                "///usr/bin/env jbang \"$0\" \"$@\" ; exit $?\n"));
        Jprefork j = jprefork().env("JPREFORK_MAVEN_REPO_URL", "http://127.0.0.1:1/")
                .env("JPREFORK_MAVEN_LOCAL_REPO", ws.root.resolve("m2").toString());
        for (String arg : List.of("a", "b")) {
            Jprefork.Result r = j.run("-U", "java", "Agent.java", arg);
            assertEquals(0, r.exit(), r.toString());
            assertEquals("agent " + arg + "\n", r.out(), r.toString());
        }
    }

    @Test
    void aScriptWithDepsThatNeverCallsPreforkRunsPlainFromItsBuild() throws Exception {
        Files.writeString(ws.work.resolve("Plain.java"), "#!/usr/bin/env -S jprefork -U java\n" + TEXT
                + "class Plain { public static void main(String[] a) {\n"
                + "    System.out.println(org.apache.commons.text.WordUtils.capitalize(String.join(\" \", a)));\n"
                + "    System.exit(a.length); } }\n");
        Jprefork j = jprefork();
        // Its build never refers to Prefork: every call, the first too, runs plain java from the
        // build, its output where the program writes it.
        for (String words : List.of("zero", "one", "two three", "four five six")) {
            Jprefork.Result r = j.run(Stream.concat(Stream.of("-U", "java", "Plain.java"),
                    Stream.of(words.split(" "))).toArray(String[]::new));
            assertEquals(words.split(" ").length, r.exit(), r.toString());
            assertEquals(org.apache.commons.text.WordUtils.capitalize(words) + "\n", r.out(), r.toString());
            assertEquals("", r.err(), r.toString());
        }
    }

    @Test
    void badDirectivesFailTheCallWithOneLineNamingTheScriptLine() throws Exception {
        Path empty = Files.createDirectories(ws.root.resolve("empty-repo"));
        Jprefork j = jprefork().env("JPREFORK_MAVEN_LOCAL_REPO", ws.root.resolve("m2").toString());
        Path p = script("Bad.java", "//DEPS org.jprefork.nonexistent:nothing:1.0\n", "System.out.println(1);");
        Jprefork.Result r = j.env("JPREFORK_MAVEN_REPO_URL", empty.toUri().toString()).run("-U", "java", "Bad.java");
        assertOneLine(r, "jprefork: Bad.java:2: //DEPS org.jprefork.nonexistent:nothing:1.0: cannot resolve: ");

        Files.writeString(p, Files.readString(p).replace("org.jprefork.nonexistent:nothing:1.0",
                "org.apache.commons:commons-text:1.15.0"));
        r = j.env("JPREFORK_MAVEN_REPO_URL", "http://127.0.0.1:1/").run("-U", "java", "Bad.java");
        assertOneLine(r, "jprefork: Bad.java:2: //DEPS org.apache.commons:commons-text:1.15.0: cannot resolve: "
                + "cannot reach http://127.0.0.1:1/: ");

        Files.writeString(p, Files.readString(p).replace("org.apache.commons:commons-text:1.15.0", "commons-text"));
        r = j.run("-U", "java", "Bad.java");
        assertOneLine(r, "jprefork: Bad.java:2: //DEPS 'commons-text' is not a Maven coordinate");

        Files.writeString(p, Files.readString(p).replace("//DEPS commons-text", "//SOURCES Missing.java"));
        r = j.run("-U", "java", "Bad.java");
        assertOneLine(r, "jprefork: Bad.java:2: //SOURCES Missing.java: no such file");
    }

    private static void assertOneLine(Jprefork.Result r, String start) {
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith(start), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
    }

    @Test
    void onATerminalAProgressNoteShowsWhileResolving() throws Exception {
        script("Slow.java", TEXT, "System.out.println(\"done\");");
        // script(1) gives the call a pseudo-terminal; its output and errors arrive together.
        String inner = "JPREFORK_CACHE_DIR=" + ws.root.resolve("cache") + " JPREFORK_PROGRESS_AFTER_MS=0 "
                + Jprefork.BIN + " -U java Slow.java";
        Jprefork.Result r = ws.jprefork().runProgram("script", "-qec", inner, "/dev/null");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("jprefork: resolving 1 dependency of Slow.java... "), r.toString());
        assertTrue(r.out().contains("jprefork: compiling Slow.java... "), r.toString());
        assertTrue(r.out().replace("\r", "").endsWith("done\n"), r.toString());
    }
}
