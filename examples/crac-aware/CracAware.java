import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jprefork.Prefork;

/**
 * A CRaC-aware program: it holds a listening socket and an open log file, closes both before the
 * checkpoint and reopens them after each restore, through the org.crac API alone. Under jprefork
 * every call runs in a fresh copy with both open again.
 *
 * <p>Run: jprefork -U java -cp org-crac-0.1.3.jar CracAware.java LOGFILE [WORDS...]
 */
public class CracAware implements Resource {
    private final Path logFile;
    private ServerSocket server;
    private FileChannel log;

    CracAware(Path logFile) throws IOException {
        this.logFile = logFile;
        open();
    }

    private void open() throws IOException {
        server = new ServerSocket(0);
        log = FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        server.close();
        log.close();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws IOException {
        open();
    }

    public static void main(String[] args) throws IOException {
        CracAware app = new CracAware(Path.of(args[0]).toAbsolutePath());
        Core.getGlobalContext().register(app);
        Thread.onSpinWait(); // ... a slow initialisation would go here ...
        Prefork.Invocation call = Prefork.initialisationComplete();
        String words = String.join(" ", call.args()).substring(args[0].length()).trim();
        app.log.write(ByteBuffer.wrap(("served: " + words + "\n").getBytes(StandardCharsets.UTF_8)));
        System.out.println("listening on port " + (app.server.getLocalPort() > 0) + ", log open " + app.log.isOpen()
                + ", words: " + words);
    }
}
