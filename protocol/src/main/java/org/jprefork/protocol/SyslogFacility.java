package org.jprefork.protocol;

import java.util.Locale;
import java.util.Map;

/** Syslog facility names as programs give them ("user", "LOG_USER", "local3") and their codes. */
public final class SyslogFacility {
    private static final Map<String, Integer> CODES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("mail", 2), Map.entry("daemon", 3),
            Map.entry("auth", 4), Map.entry("syslog", 5), Map.entry("lpr", 6), Map.entry("news", 7),
            Map.entry("uucp", 8), Map.entry("cron", 9), Map.entry("authpriv", 10), Map.entry("ftp", 11),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    private SyslogFacility() {
    }

    /**
     * The facility code for a name, case-insensitive, with or without "LOG_".
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static int code(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("log_")) {
            n = n.substring(4);
        }
        Integer code = CODES.get(n);
        if (code == null) {
            throw new IllegalArgumentException("unknown syslog facility '" + name
                    + "' (use user, daemon, local0..local7, ... or \"\" for none)");
        }
        return code;
    }
}
