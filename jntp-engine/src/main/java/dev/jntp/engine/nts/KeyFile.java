// The text format of the ntskeys file in ntsdumpdir: the cookie keys a restart or a sibling server reloads.
package dev.jntp.engine.nts;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads jntp's key file (jntp's own format, not chrony's):
 *
 * <pre>
 * # comment lines
 * jntp-ntskeys 1
 * ID ACTIVE_FROM AEAD KEY      (one line per key: 8 hex digits, Unix seconds, 15, 64 hex digits)
 * </pre>
 * Parsing is total: any text gives a {@link KeyFileResult}; the first bad line is reported.
 */
public final class KeyFile {

    /** The file's name inside ntsdumpdir. */
    public static final String NAME = "ntskeys";
    /** The first line that is not a comment. */
    public static final String MAGIC = "jntp-ntskeys 1";

    private static final int MAX_LINES = 1000;

    private KeyFile() {}

    /** The file's text for these keys. */
    public static String format(CookieKeys keys) {
        StringBuilder sb = new StringBuilder();
        sb.append("# jntp NTS cookie keys. Secret: whoever reads this file can open and forge NTS cookies.\n");
        sb.append("# Written by jntp; shared by the NTS servers that use the same ntsdumpdir.\n");
        sb.append(MAGIC).append('\n');
        for (CookieKey k : keys.keys()) {
            sb.append(String.format(Locale.ROOT, "%08x %d %d %s%n", k.id(), k.activeFrom(),
                    AeadAlgorithm.AES_SIV_CMAC_256.id(), HexFormat.of().formatHex(k.keyRef())));
        }
        return sb.toString();
    }

    /** Reads a key file's text. */
    public static KeyFileResult parse(String text) {
        if (text == null) {
            return new KeyFileResult.Rejected(0, "no text");
        }
        String[] lines = text.split("\n", -1);
        if (lines.length > MAX_LINES) {
            return new KeyFileResult.Rejected(0, "more than " + MAX_LINES + " lines");
        }
        boolean magic = false;
        List<CookieKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!magic) {
                if (!line.equals(MAGIC)) {
                    return new KeyFileResult.Rejected(i + 1, "expected '" + MAGIC + "'");
                }
                magic = true;
                continue;
            }
            String error = parseKey(line, keys);
            if (error != null) {
                return new KeyFileResult.Rejected(i + 1, error);
            }
        }
        if (!magic) {
            return new KeyFileResult.Rejected(0, "no '" + MAGIC + "' line");
        }
        if (keys.size() > CookieKeys.MAX_KEYS) {
            return new KeyFileResult.Rejected(0, keys.size() + " keys, at most " + CookieKeys.MAX_KEYS);
        }
        return new KeyFileResult.Parsed(CookieKeys.of(keys));
    }

    /** Adds the key a line describes to {@code keys}; returns what is wrong with it, or null. */
    private static String parseKey(String line, List<CookieKey> keys) {
        String[] w = line.split("[ \t]+");
        if (w.length != 4) {
            return "expected 'ID ACTIVE_FROM AEAD KEY', got " + w.length + " words";
        }
        if (!isHex(w[0], 8)) {
            return "the key id must be 8 hex digits";
        }
        long id = Long.parseLong(w[0], 16);
        long activeFrom;
        try {
            activeFrom = Long.parseLong(w[1]);
        } catch (NumberFormatException e) {
            return "the activation time must be whole Unix seconds";
        }
        if (!w[2].equals(Integer.toString(AeadAlgorithm.AES_SIV_CMAC_256.id()))) {
            return "the key algorithm must be " + AeadAlgorithm.AES_SIV_CMAC_256.id() + " (AES-SIV-CMAC-256)";
        }
        if (!isHex(w[3], 2 * CookieKey.LENGTH)) {
            return "the key must be " + 2 * CookieKey.LENGTH + " hex digits";
        }
        for (CookieKey k : keys) {
            if (k.id() == id) {
                return "key id " + w[0] + " appears twice";
            }
        }
        keys.add(new CookieKey(id, activeFrom, HexFormat.of().parseHex(w[3])));
        return null;
    }

    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }
}
