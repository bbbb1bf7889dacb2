// Checks and converts the arguments of one directive, reporting each problem with a fix.
package dev.jntp.config;

import dev.jntp.proto.Subnet;
import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Argument conversions shared by the directive parsers. Each returns empty after reporting. */
final class Values {

    /** Where errors go: what is wrong, and the fix. */
    interface Sink {
        void error(String message, String fix);
    }

    private final Sink sink;
    private final String name;
    private final List<String> args;

    Values(Sink sink, String name, List<String> args) {
        this.sink = sink;
        this.name = name;
        this.args = args;
    }

    String name() {
        return name;
    }

    void error(String message, String fix) {
        sink.error(message, fix);
    }

    /** Present when the directive has exactly {@code n} arguments. */
    Optional<Integer> exactly(int n) {
        if (args.size() != n) {
            error("'" + name + "' takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size(),
                    "write '" + name + " " + usage() + "'");
            return Optional.empty();
        }
        return Optional.of(n);
    }

    private String usage() {
        return switch (name) {
            case "port" -> "PORT";
            case "bindaddress" -> "ADDRESS";
            case "driftfile", "logdir", "statsdir", "leapseclist", "sourcedir" -> "/ABSOLUTE/PATH";
            case "clientloglimit" -> "BYTES";
            case "logbanner" -> "N";
            case "bindcmdaddress" -> "/ABSOLUTE/PATH/OF/SOCKET";
            case "minsources" -> "N";
            case "maxdistance" -> "SECONDS";
            case "makestep" -> "THRESHOLD LIMIT";
            case "maxslewrate" -> "PPM";
            case "leapsectz" -> "ZONE";
            case "metricsport" -> "PORT";
            case "bindmetricsaddress" -> "ADDRESS";
            case "ntsport" -> "PORT";
            case "ntsservercert" -> "/PATH/TO/CERT.pem";
            case "ntsserverkey" -> "/PATH/TO/KEY.pem";
            case "ntsdumpdir" -> "/ABSOLUTE/DIRECTORY";
            case "ntsrotate" -> "SECONDS";
            case "ntsprocesses", "maxntsconnections" -> "N";
            default -> "VALUE";
        };
    }

    Optional<Integer> intIn(String text, String what, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return Optional.of(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(what + " must be a whole number from " + min + " to " + max + ", got '" + printable(text) + "'",
                "give a " + what + " between " + min + " and " + max);
        return Optional.empty();
    }

    Optional<Double> doubleIn(String text, String what, double min, double max) {
        Optional<Double> v = decimal(text).filter(d -> d >= min && d <= max);
        if (v.isEmpty()) {
            error(what + " must be a number from " + min + " to " + max + ", got '" + printable(text) + "'",
                    "give a " + what + " between " + min + " and " + max);
        }
        return v;
    }

    /** A number greater than 0 and at most {@code max}: a quantity for which 0 would mean "never". */
    Optional<Double> positive(String text, String what, double max) {
        String most = java.math.BigDecimal.valueOf(max).stripTrailingZeros().toPlainString();
        Optional<Double> v = decimal(text).filter(d -> d > 0 && d <= max);
        if (v.isEmpty()) {
            error(what + " must be a number greater than 0 and at most " + most + ", got '" + printable(text) + "'",
                    "give a " + what + " above 0, up to " + most);
        }
        return v;
    }

    /** A decimal number as chrony's users write it (no exponent, NaN or Infinity), or empty. */
    private static Optional<Double> decimal(String text) {
        if (text.chars().anyMatch(Character::isLetter)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<InetAddress> address(String text) {
        Optional<InetAddress> a = literal(text);
        if (a.isEmpty()) {
            error("'" + printable(text) + "' is not an IPv4 or IPv6 address",
                    "write a numeric address such as 0.0.0.0, 192.0.2.1, :: or ::1");
        }
        return a;
    }

    /** A numeric IPv4 or IPv6 address, or empty; reports nothing. */
    static Optional<InetAddress> literal(String text) {
        // InetAddress.ofLiteral also takes inet_aton's short forms ("10" is 0.0.0.10); chrony does not.
        if (text.contains(":") || text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            try {
                return Optional.of(InetAddress.ofLiteral(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    Optional<Path> path(String text) {
        try {
            Path p = Path.of(text);
            if (p.isAbsolute()) {
                return Optional.of(p.normalize());
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        error("'" + printable(text) + "' is not an absolute path", "write a path that starts with /");
        return Optional.empty();
    }

    /**
     * A subnet as chrony writes it: {@code ADDRESS[/BITS]}, or an IPv4 address with fewer than
     * four parts meaning a /8, /16 or /24 ({@code 192.168.1} is 192.168.1.0/24).
     */
    Optional<Subnet> subnet(String text) {
        String fix = "write ADDRESS or ADDRESS/BITS, e.g. 192.168.1.0/24, 192.168.1, 2001:db8::/32 or ::1";
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        Integer bits = null;
        if (slash >= 0) {
            String b = text.substring(slash + 1);
            if (b.isEmpty() || b.length() > 3 || !b.chars().allMatch(c -> c >= '0' && c <= '9')) {
                error("'" + printable(text) + "' has a bad prefix length", fix);
                return Optional.empty();
            }
            bits = Integer.parseInt(b);
        }
        InetAddress ip;
        int defaultBits;
        if (!addr.contains(":") && addr.matches("[0-9]{1,3}(\\.[0-9]{1,3}){0,3}")) {
            String[] parts = addr.split("\\.");
            for (String part : parts) {
                if (Integer.parseInt(part) > 255) {
                    error("'" + printable(text) + "' is not an IPv4 address", fix);
                    return Optional.empty();
                }
            }
            defaultBits = parts.length * 8;
            StringBuilder full = new StringBuilder(addr);
            for (int i = parts.length; i < 4; i++) {
                full.append(".0");
            }
            ip = InetAddress.ofLiteral(full.toString());
        } else {
            try {
                ip = InetAddress.ofLiteral(addr);
            } catch (IllegalArgumentException e) {
                error("'" + printable(text) + "' is not a subnet (host names are not accepted here)", fix);
                return Optional.empty();
            }
            defaultBits = ip.getAddress().length * 8;
            if (ip.getAddress().length == 4) {
                // An IPv4-mapped IPv6 literal (::ffff:a.b.c.d): its prefix counts 128 bits.
                if (bits != null && bits < 96) {
                    error("'" + printable(text) + "' reaches beyond the IPv4-mapped range ::ffff:0:0/96", fix);
                    return Optional.empty();
                }
                bits = bits == null ? null : bits - 96;
            }
        }
        int max = ip.getAddress().length * 8;
        int n = bits == null ? defaultBits : bits;
        if (n > max) {
            error("prefix length " + n + " is longer than the " + max + " bits of the address in '"
                    + printable(text) + "'", fix);
            return Optional.empty();
        }
        return Optional.of(Subnet.of(ip, n));
    }

    /** Text safe to echo into an error message: control characters shown as '?', long text cut. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.length() > 80 ? sb + "..." : sb.toString();
    }
}
