// Writes addresses the way operators write them: dotted quad, or RFC 5952 IPv6 text (::1, 2001:db8::/32).
package dev.jntp.proto;

/** Address text for logs, command output and generated configuration files. */
public final class AddressFormat {

    private AddressFormat() {}

    /**
     * The shortest usual text of a 4- or 16-octet address: dotted quad, or RFC 5952 section 4 IPv6 text (lower
     * case, leading zeros dropped, the longest run of two or more zero groups, the first of equals, as "::").
     */
    public static String text(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 octets, got " + b.length);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
