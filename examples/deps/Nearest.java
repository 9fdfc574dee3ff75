#!/usr/bin/env -S jprefork -U java -XX:+UseSerialGC
//DEPS org.apache.commons:commons-text:1.15.0
// jprefork's own API, declared as a script that also runs under jbang declares it (after
// `mvn install` of jprefork); jprefork itself never resolves it and uses its own agent.
//DEPS org.jprefork:checkpoint-agent:0.1.0-SNAPSHOT
//JAVA_OPTIONS -Xmx128m
//
// A #! Java script with dependencies, in JBang's syntax. With jprefork on PATH:
//   ./Nearest.java WORD...
// prints, for each WORD, the nearest word of its vocabulary (Levenshtein distance, from Apache
// Commons Text). The first call resolves and compiles the script and builds the vocabulary;
// later calls start from the checkpoint taken after that.
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.WordUtils;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jprefork.Prefork;

public class Nearest {
    public static void main(String[] ignored) {
        // The slow part, once per pool: here, a vocabulary of the package names of java.base.
        List<String> vocabulary = new ArrayList<>();
        ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages().forEach(p ->
                vocabulary.add(p.substring(p.lastIndexOf('.') + 1)));
        vocabulary.addAll(List.of("checkpoint", "restore", "prefork", "dependency", "script"));
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();

        Prefork.Invocation call = Prefork.initialisationComplete();
        for (String word : call.args()) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String candidate : vocabulary) {
                int d = distance.apply(word.toLowerCase(), candidate);
                if (d < bestDistance) {
                    best = candidate;
                    bestDistance = d;
                }
            }
            System.out.println(word + " -> " + WordUtils.capitalize(best) + " (" + bestDistance + ")");
        }
        System.exit(call.args().length == 0 ? 2 : 0);
    }
}
