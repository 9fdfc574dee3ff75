import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jprefork.Prefork;

/**
 * Descriptors opened before the checkpoint, one kind per MODE (read at initialisation):
 * log (app.log written in the initialisation and every call), lines (out.log: every call writes
 * ARG0 lines tagged ARG1, one write each), read (data.txt read from in every call), tcp (a
 * connection to 127.0.0.1:PORT kept open), temp (a deleteOnExit file written once, read in every
 * call; a call with the argument "late" registers another file, as plain java would), map
 * (data.txt mapped into memory, its descriptor closed), unix (a connection to the Unix socket
 * SOCKET kept open), child (a cat started, its pipes kept). SPARES: the pool's spares (default 1).
 */
public class Held {
    public static void main(String[] ignored) throws Exception {
        String mode = System.getenv("MODE");
        PrintStream out = null;
        FileInputStream in = null;
        Socket socket = null;
        File temp = null;
        MappedByteBuffer map = null;
        Object peer = null;
        switch (mode) {
            case "log" -> {
                out = new PrintStream(new FileOutputStream("app.log"), true);
                out.println("init");
            }
            case "lines" -> out = new PrintStream(new FileOutputStream("out.log"), true);
            case "read" -> {
                in = new FileInputStream("data.txt");
                in.readNBytes(5);
            }
            case "tcp" -> socket = new Socket("127.0.0.1", Integer.parseInt(System.getenv("PORT")));
            case "temp" -> {
                temp = File.createTempFile("held", ".tmp", new File("."));
                temp.deleteOnExit();
                Files.writeString(temp.toPath(), "made by the initialisation");
            }
            case "unix" -> peer = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(System.getenv("SOCKET")));
            case "child" -> peer = new ProcessBuilder("cat").start();
            case "map" -> {
                try (FileChannel ch = FileChannel.open(Path.of("data.txt"))) {
                    map = ch.map(FileChannel.MapMode.READ_ONLY, 0, 5);
                }
            }
            default -> throw new IllegalArgumentException(mode);
        }
        Prefork.Invocation call = Prefork.initialisationComplete(Prefork.Options.defaults()
                .spares(Integer.parseInt(System.getenv().getOrDefault("SPARES", "1"))));
        String[] args = call.args();
        switch (mode) {
            case "log" -> out.println("call " + args[0]);
            case "lines" -> {
                for (int i = 0; i < Integer.parseInt(args[0]); i++) {
                    out.println(args[1] + " line " + i + " of a call that writes many lines through one stream");
                }
            }
            case "read" -> System.out.println(new String(in.readNBytes(5)));
            case "tcp" -> System.out.println("ok " + args[0] + " " + socket.isConnected());
            case "unix", "child" -> System.out.println("ok " + args[0] + " " + (peer != null));
            case "map" -> {
                byte[] first = new byte[5];
                map.get(0, first);
                System.out.println(new String(first));
            }
            default -> {
                System.out.println(Files.readString(temp.toPath()) + " " + temp.getName());
                if (args.length > 0 && args[0].equals("late")) {
                    File late = File.createTempFile("late", ".tmp", new File("."));
                    late.deleteOnExit();
                    System.out.println("late " + late.getName());
                }
            }
        }
    }
}
