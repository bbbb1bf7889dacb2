// Derives an NTS association's C2S and S2C keys from a TLS 1.3 session (RFC 8915 section 5.1, RFC 5705 exporter).
package dev.jntp.daemon.nts;

import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.NtsKeys;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLSession;

/**
 * The TLS keying-material exporter as NTS uses it, for server and client alike: label
 * {@code EXPORTER-network-time-security}, context of five octets (the Next Protocol id, 0 for
 * NTPv4, as 16 bits; the AEAD id as 16 bits; 0 for the client-to-server key, 1 for the
 * server-to-client key), as many octets as the AEAD's key.
 */
public final class NtsKeyExport {

    /** RFC 8915 section 5.1. */
    public static final String LABEL = "EXPORTER-network-time-security";
    /** The ALPN protocol id of NTS-KE (RFC 8915 section 4). */
    public static final String ALPN = "ntske/1";

    private NtsKeyExport() {}

    /**
     * The keys of the association negotiated on {@code session} (a JSSE TLS 1.3 session).
     *
     * @throws SSLKeyException when the session cannot export (not TLS 1.3, or not JSSE's)
     */
    public static NtsKeys derive(SSLSession session, AeadAlgorithm aead) throws SSLKeyException {
        if (!(session instanceof ExtendedSSLSession s)) {
            throw new SSLKeyException("the TLS session cannot export keying material");
        }
        return new NtsKeys(aead, s.exportKeyingMaterialData(LABEL, context(aead, false), aead.keyLength()),
                s.exportKeyingMaterialData(LABEL, context(aead, true), aead.keyLength()));
    }

    /** The exporter context for one direction. */
    static byte[] context(AeadAlgorithm aead, boolean serverToClient) {
        return new byte[] {0, 0, (byte) (aead.id() >> 8), (byte) aead.id(), (byte) (serverToClient ? 1 : 0)};
    }
}
