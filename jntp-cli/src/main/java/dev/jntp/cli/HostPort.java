// Splits HOST[:PORT] and [IPV6]:PORT command-line targets.
package dev.jntp.cli;

import picocli.CommandLine;

/** A host and port from the command line. */
public record HostPort(String host, int port) {

    public static final int NTP_PORT = 123;

    /**
     * {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, or a bare IPv6 address
     * (two or more colons: no port). {@code --port} wins when given.
     */
    public static HostPort parse(String text, Integer portOption) {
        return parse(text, portOption, NTP_PORT);
    }

    /** As {@link #parse(String, Integer)}, with {@code defaultPort} when neither the text nor the option has one. */
    public static HostPort parse(String text, Integer portOption, int defaultPort) {
        String host = text;
        Integer port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new CommandLine.TypeConversionException("missing ']' in " + text);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = parsePort(rest.substring(1), text);
            } else if (!rest.isEmpty()) {
                throw new CommandLine.TypeConversionException("unexpected text after ']' in " + text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = parsePort(text.substring(text.indexOf(':') + 1), text);
        }
        if (host.isEmpty()) {
            throw new CommandLine.TypeConversionException("no host in " + text);
        }
        int p = portOption != null ? portOption : port != null ? port : defaultPort;
        return new HostPort(host, p);
    }

    private static int parsePort(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("bad port '" + s + "' in " + text + " (1 to 65535)");
    }
}
