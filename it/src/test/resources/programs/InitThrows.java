import org.jprefork.Prefork;

public class InitThrows {
    public static void main(String[] args) {
        if (args.length >= 0) {
            throw new IllegalStateException("initialisation failed on purpose");
        }
        Prefork.initialisationComplete();
    }
}
