import java.nio.charset.Charset;
import java.text.DateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import org.jprefork.Prefork;

/** Prints what the JVM made of its environment: zone, locale, encodings, option variables. */
public class JvmEnv {
    public static void main(String[] ignored) throws Exception {
        // Made before the checkpoint, as programs do: a copy must not keep another caller's zone or locale in it.
        DateFormat early = DateFormat.getDateTimeInstance(DateFormat.LONG, DateFormat.LONG);
        Prefork.Invocation call = Prefork.initialisationComplete();
        System.out.println("tz=" + TimeZone.getDefault().getID() + " loc=" + Locale.getDefault()
                + " cs=" + Charset.defaultCharset() + " jnu=" + System.getProperty("sun.jnu.encoding")
                + " stdout=" + System.getProperty("stdout.encoding") + " foo=" + System.getProperty("foo")
                + " heap=" + Runtime.getRuntime().maxMemory());
        System.out.println("early=" + early.format(new Date(0)) + " now=" + DateFormat.getDateTimeInstance(
                DateFormat.LONG, DateFormat.LONG).format(new Date(0)));
        System.out.println(String.join(" ", call.args()) + " gr\u00fc\u00dfe \u4e2d\u6587");
    }
}
