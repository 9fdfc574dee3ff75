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
 * [-Dwrap.warmup='WORD WORD'] WrapTool.java ARGS...
 */
public class WrapTool {
    public static void main(String[] ignored) throws Throwable {
        Method main = Class.forName(System.getProperty("wrap.main")).getMethod("main", String[].class);
        String warmup = System.getProperty("wrap.warmup");
        if (warmup != null) {
            run(main, warmup.isBlank() ? new String[0] : warmup.trim().split("\\s+"));
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
