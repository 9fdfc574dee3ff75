import java.nio.file.Files;
import java.nio.file.Path;

/** A tool that knows nothing of jprefork and works on files relative to its working directory. */
public class CwdTool {
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of("written.txt"), "written by " + args[0] + "\n");
        System.out.println("cwd=" + System.getProperty("user.dir") + " " + args[0] + "="
                + Files.readString(Path.of(args[0])).trim());
    }
}
