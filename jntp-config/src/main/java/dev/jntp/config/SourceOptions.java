// Parses 'server' and 'pool' lines with chrony's options and defaults.
package dev.jntp.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code server|pool NAME [option...]}; every option is checked, defaults are chrony's. */
final class SourceOptions {

    static final int DEFAULT_MINPOLL = 6;
    static final int DEFAULT_MAXPOLL = 10;
    static final double DEFAULT_MAXDELAY = 3.0;
    static final int DEFAULT_MAXSOURCES = 4;
    static final int DEFAULT_NTSPORT = 4460;

    private static final String OPTIONS = "iburst, burst, minpoll N, maxpoll N, prefer, noselect, trust, "
            + "require, port N, maxdelay S, maxsources N (pool), key ID, nts, ntsport N, version N, offline";

    private SourceOptions() {}

    /** {@code key ID}: a key of the keyfile, 1 to 4294967295 as chrony's; -1 after reporting. */
    private static long keyId(Values v, String text) {
        if (text.matches("[0-9]{1,10}") && Long.parseLong(text) >= 1 && Long.parseLong(text) <= 0xFFFF_FFFFL) {
            return Long.parseLong(text);
        }
        v.error("key must be a whole number from 1 to 4294967295, got '" + Values.printable(text) + "'",
                "give the id of a key in the keyfile");
        return -1;
    }

    static Optional<SourceSpec> parse(Values v, SourceSpec.Kind kind, List<String> args, int line) {
        String directive = v.name();
        if (args.isEmpty()) {
            v.error("'" + directive + "' needs a host name or address", "write '" + directive + " NAME [options]'");
            return Optional.empty();
        }
        String name = args.getFirst();
        if (!name.matches("[A-Za-z0-9._:%-]+")) {
            v.error("'" + Values.printable(name) + "' is not a host name or address",
                    "write a DNS name such as pool.ntp.org or a numeric address");
            return Optional.empty();
        }
        int port = 123;
        boolean iburst = false;
        boolean burst = false;
        int minPoll = DEFAULT_MINPOLL;
        int maxPoll = DEFAULT_MAXPOLL;
        boolean prefer = false;
        boolean noSelect = false;
        boolean trust = false;
        boolean require = false;
        double maxDelay = DEFAULT_MAXDELAY;
        int maxSources = DEFAULT_MAXSOURCES;
        long keyId = 0;
        boolean nts = false;
        int ntsPort = DEFAULT_NTSPORT;
        int version = 4;
        boolean offline = false;
        boolean ok = true;
        for (int i = 1; i < args.size(); i++) {
            String opt = args.get(i).toLowerCase(Locale.ROOT);
            switch (opt) {
                case "iburst" -> iburst = true;
                case "burst" -> burst = true;
                case "prefer" -> prefer = true;
                case "noselect" -> noSelect = true;
                case "trust" -> trust = true;
                case "require" -> require = true;
                case "nts" -> nts = true;
                case "offline" -> offline = true;
                case "minpoll", "maxpoll", "port", "maxdelay", "maxsources", "key", "ntsport", "version" -> {
                    if (i + 1 >= args.size()) {
                        v.error("option '" + opt + "' needs a value", "write '" + opt + " VALUE'");
                        return Optional.empty();
                    }
                    String val = args.get(++i);
                    switch (opt) {
                        case "minpoll" -> minPoll = v.intIn(val, "minpoll", -6, 24).orElse(Integer.MIN_VALUE);
                        case "maxpoll" -> maxPoll = v.intIn(val, "maxpoll", -6, 24).orElse(Integer.MIN_VALUE);
                        case "port" -> port = v.intIn(val, "port", 1, 65535).orElse(-1);
                        case "maxdelay" -> maxDelay = v.doubleIn(val, "maxdelay", 0, 1000).orElse(-1.0);
                        case "maxsources" -> maxSources = v.intIn(val, "maxsources", 1, 16).orElse(-1);
                        case "key" -> keyId = keyId(v, val);
                        case "ntsport" -> ntsPort = v.intIn(val, "ntsport", 1, 65535).orElse(-1);
                        case "version" -> version = v.intIn(val, "version", 1, 4).orElse(-1);
                        default -> throw new IllegalStateException(opt);
                    }
                }
                default -> {
                    v.error("unknown option '" + Values.printable(opt) + "' for '" + directive + "'",
                            "use only: " + OPTIONS);
                    ok = false;
                }
            }
        }
        ok &= minPoll != Integer.MIN_VALUE && maxPoll != Integer.MIN_VALUE && port > 0 && maxDelay >= 0
                && maxSources > 0 && keyId >= 0 && ntsPort > 0 && version > 0;
        if (ok && minPoll > maxPoll) {
            v.error("minpoll " + minPoll + " is larger than maxpoll " + maxPoll, "make minpoll <= maxpoll");
            ok = false;
        }
        if (ok && nts && version != 4) {
            v.error("'nts' works with NTP version 4 only, got 'version " + version + "'",
                    "remove 'version " + version + "' (NTS requests are NTPv4)");
            ok = false;
        }
        if (ok && nts && keyId > 0) {
            v.error("'nts' and 'key " + keyId + "' both authenticate the source; a source uses one or the other",
                    "remove 'key " + keyId + "' to use NTS, or 'nts' to use the symmetric key");
            ok = false;
        }
        if (ok && kind == SourceSpec.Kind.SERVER && args.stream().skip(1).anyMatch("maxsources"::equalsIgnoreCase)) {
            v.error("'maxsources' applies to pools only", "use 'pool' or remove maxsources");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new SourceSpec(kind, name, port, iburst, burst, minPoll, maxPoll, prefer, noSelect,
                trust, require, maxDelay, maxSources, keyId, nts, ntsPort, version, offline, line));
    }
}
