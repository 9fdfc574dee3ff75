package org.jprefork;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Run by plain java, initialisationComplete returns once, in place, with the process's own call. */
class StandaloneTest {
    public static void main(String[] args) {
        Prefork.Invocation call = Prefork.initialisationComplete();
        Prefork.Invocation again = Prefork.initialisationComplete();
        System.out.println(String.join("|", call.args()) + ";" + call.env().get("STANDALONE_TEST") + ";"
                + call.cwd() + ";" + (call == again));
    }

    @Test
    void returnsOnceInPlaceWithOwnArgumentsEnvironmentAndDirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                StandaloneTest.class.getName(), "a b", "-cp", "ü");
        pb.environment().put("STANDALONE_TEST", "yes");
        pb.directory(Path.of("/tmp").toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of("a b|-cp|ü;yes;/tmp;true"), out.lines().toList());
    }
}
