/** A program that never calls Prefork.initialisationComplete. */
public class NoPrefork {
    public static void main(String[] args) {
        System.out.println("plain " + String.join(" ", args));
        System.exit(args.length);
    }
}
