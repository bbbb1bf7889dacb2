// Who runs an NTP source, told from its name or address, and whether that operator smears leap seconds.
package dev.jntp.config.audit;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Independence of sources is judged by operator: four servers of one company fail together (one bug, one
 * leap-second mistake, one routing incident). The operator is a known time service's name (NTP Pool, NIST,
 * PTB, Netnod, Cloudflare, Google, Amazon, Meta, ...), else the registered domain of the name (the last two
 * labels, three under {@code co.uk}-style suffixes), else for an address its /24 (IPv4) or /48 (IPv6).
 * Names without a dot, names under {@code .local .lan .internal .corp .home .intranet .localdomain .home.arpa},
 * and private, loopback and link-local addresses are the site's own servers. Google, Amazon and Meta smear
 * leap seconds over a day (Google's and Amazon's published practice); mixing them with sources that do not
 * puts up to half a second between sources during a leap second.
 */
public final class Operators {

    /**
     * One operator.
     *
     * @param name how reports name it
     * @param smears whether it serves leap-smeared time
     * @param site whether it is the site's own server
     */
    public record Operator(String name, boolean smears, boolean site) {}

    /** The name of the NTP Pool's operator. */
    public static final String POOL = "NTP Pool";

    private record Known(String suffix, String name, boolean smears) {}

    private static final List<Known> KNOWN = List.of(
            new Known("pool.ntp.org", POOL, false),
            new Known("google.com", "Google", true),
            new Known("metadata.google.internal", "Google", true),
            new Known("aws.com", "Amazon", true),
            new Known("amazon.com", "Amazon", true),
            new Known("facebook.com", "Meta", true),
            new Known("cloudflare.com", "Cloudflare", false),
            new Known("nist.gov", "NIST", false),
            new Known("ptb.de", "PTB", false),
            new Known("netnod.se", "Netnod", false),
            new Known("ntp.se", "Netnod", false),
            new Known("time.nl", "TimeNL", false),
            new Known("apple.com", "Apple", false),
            new Known("windows.com", "Microsoft", false),
            new Known("ubuntu.com", "Canonical", false),
            new Known("nrc.ca", "NRC Canada", false));

    private static final Set<String> SITE_SUFFIXES = Set.of("local", "lan", "internal", "corp", "home", "intranet",
            "localdomain", "home.arpa");
    private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "or", "ne",
            "go");

    private Operators() {}

    /** The operator of a source named {@code host}. */
    public static Operator of(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceFirst("\\.+$", "");
        InetAddress ip = literal(h);
        if (ip != null) {
            return ofAddress(ip);
        }
        for (Known k : KNOWN) {
            if (h.equals(k.suffix()) || h.endsWith("." + k.suffix())) {
                return new Operator(k.name(), k.smears(), false);
            }
        }
        String[] labels = h.split("\\.");
        if (labels.length < 2 || SITE_SUFFIXES.stream().anyMatch(s -> h.endsWith("." + s))) {
            return new Operator("site network", false, true);
        }
        int keep = labels.length >= 3 && labels[labels.length - 1].length() == 2
                && SECOND_LEVEL.contains(labels[labels.length - 2]) ? 3 : 2;
        return new Operator(String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep,
                labels.length)), false, false);
    }

    private static Operator ofAddress(InetAddress ip) {
        byte[] b = ip.getAddress();
        String text = ip.getHostAddress();
        if (text.equals("169.254.169.123") || (b.length == 16 && (b[0] & 0xff) == 0xfd && b[1] == 0
                && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2)) {
            return new Operator("Amazon", true, false);
        }
        if (ip.isSiteLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress()
                || (b.length == 16 && (b[0] & 0xfe) == 0xfc)) {
            return new Operator("site network", false, true);
        }
        if (b.length == 4) {
            return new Operator((b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24", false, false);
        }
        return new Operator(String.format("%x:%x:%x::/48", (b[0] & 0xff) << 8 | (b[1] & 0xff),
                (b[2] & 0xff) << 8 | (b[3] & 0xff), (b[4] & 0xff) << 8 | (b[5] & 0xff)), false, false);
    }

    /** A numeric address, or null for a name. */
    static InetAddress literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!t.contains(":") && !t.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(t.replaceFirst("%.*$", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
