// How jntp's NTS client trusts NTS-KE servers and how often it renews its keys (ntstrustedcerts, nosystemcert, ntsrefresh).
package dev.jntp.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The settings of the sources with the {@code nts} option, with chrony's meanings and defaults.
 *
 * @param trustedCertificates {@code ntstrustedcerts}: PEM files of certificate authorities, or directories
 *     of such files, trusted besides the system's (in file order)
 * @param systemCertificates false with {@code nosystemcert}: only {@code trustedCertificates} are trusted;
 *     otherwise the JDK's trust store counts too
 * @param refreshSeconds {@code ntsrefresh}: age of an NTS source's keys at which NTS-KE runs again
 */
public record NtsClientSettings(List<Path> trustedCertificates, boolean systemCertificates, long refreshSeconds) {

    /** chrony's default {@code ntsrefresh}: four weeks. */
    public static final long DEFAULT_REFRESH_SECONDS = 2_419_200;

    /** No directive given: the system's certificate authorities, chrony's refresh interval. */
    public static final NtsClientSettings DEFAULTS = new NtsClientSettings(List.of(), true, DEFAULT_REFRESH_SECONDS);

    public NtsClientSettings {
        trustedCertificates = List.copyOf(trustedCertificates);
    }
}
