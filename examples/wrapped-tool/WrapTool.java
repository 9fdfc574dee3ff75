import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jprefork.Prefork;

/**
 * A Prefork-calling wrapper for any command-line tool: loads the tool's main class, runs its
 * main once with warm-up words (its output then appears on the first call's stderr, as all
 * output before the checkpoint does), calls initialisationComplete, and runs main with each
 * call's arguments. A tool whose main calls System.exit cannot be warmed up this way (the
 * template would exit); jprefork --checkpoint-at=main --warmup contains that exit, and needs
 * no wrapper at all.
 *
 * <p>Run: jprefork -U java -cp TOOL_CLASSPATH:checkpoint-agent.jar -Dwrap.main=MAIN_CLASS
 * [-Dwrap.warmup.0=WORD -Dwrap.warmup.1=WORD...] WrapTool.java ARGS...
 */
public class WrapTool {
    public static void main(String[] ignored) throws Throwable {
        Method main = Class.forName(System.getProperty("wrap.main")).getMethod("main", String[].class);
        java.util.List<String> warmup = new java.util.ArrayList<>();
        for (String w; (w = System.getProperty("wrap.warmup." + warmup.size())) != null; ) {
            warmup.add(w);
        }
        if (!warmup.isEmpty()) {
            run(main, warmup.toArray(new String[0]));
        }
        run(main, Prefork.initialisationComplete().args());
    }

    private static void run(Method main, String[] args) throws Throwable {
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
