#!/usr/bin/env -S jprefork -U java -Xmx128m -XX:+UseSerialGC
// A #! Java script: with jprefork on PATH, run it as ./Report.java WORD...
import java.util.Map;
import java.util.TreeMap;
import org.jprefork.Prefork;

public class Report {
    public static void main(String[] ignored) {
        // The slow part, once per pool: here, building an index.
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < 200_000; i++) {
            index.merge(Integer.toString(i % 1000), 1, Integer::sum);
        }
        Prefork.Invocation call = Prefork.initialisationComplete(Prefork.Options.defaults().maxServers(4));
        for (String word : call.args()) {
            System.out.println(word + ": " + index.getOrDefault(word, 0));
        }
        System.exit(call.args().length == 0 ? 2 : 0);
    }
}
