// The data of 'jntp authdata' (chronyc authdata): how each source's replies are authenticated, NTS cookies and NTS-KE.
package dev.jntp.daemon;

import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.nts.NtsClientStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row per source, in chronyc authdata's terms: mode ({@code nts}, or {@code none} for a source
 * without authentication), the key id (NTS-KE sessions that succeeded), the AEAD algorithm and
 * its key length in bits, time since the last NTS-KE, NTS-KE tries since the last authenticated
 * reply, whether the last request got an NTS NAK, cookies held and the last cookie's length; and
 * beyond chrony's columns, the counters and the last failures an operator needs to see why a
 * source is not authenticated. A figure not known yet is null.
 */
final class AuthDataReply {

    private AuthDataReply() {}

    /** {@code authdata} at local time {@code nowNanos}. */
    static Map<String, Object> of(List<SyncService.SourceView> views, long nowNanos) {
        List<Object> rows = new ArrayList<>();
        for (SyncService.SourceView v : views) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.snapshot().name());
            m.put("address", v.address() == null ? null : AddressText.of(v.address().getAddress()));
            m.put("port", v.address() == null ? null : v.address().getPort());
            NtsClientStatus n = v.nts();
            m.put("mode", n == null ? "none" : "nts");
            if (n != null) {
                m.put("key_id", n.keyId());
                m.put("aead", n.aead() == null ? null : n.aead().id());
                m.put("aead_name", n.aead() == null ? null : n.aead().name().replace('_', '-'));
                m.put("key_length_bits", n.aead() == null ? null : n.aead().keyLength() * 8);
                m.put("last_key_exchange_seconds", n.keyExchanged()
                        ? Math.max(0, (nowNanos - n.lastKeyExchangeNanos()) / 1e9) : null);
                m.putAll(counters(n));
                m.put("cookie_length", n.cookieLength());
                m.put("ntp_server", n.server());
                m.put("ntp_port", n.port() < 0 ? null : n.port());
                m.put("last_key_exchange_failure", n.lastKeFailure());
            }
            rows.add(m);
        }
        return Map.of("sources", rows);
    }

    /** What {@code ntpdata --json} adds for an NTS source: cookies, NAKs, tries, verdict counts, state. */
    static Map<String, Object> counters(NtsClientStatus n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key_exchange_attempts", n.keAttempts());
        m.put("nak", n.nak());
        m.put("cookies", n.cookies());
        m.put("naks", n.naks());
        m.put("authenticated_replies", n.authenticated());
        m.put("rejected_replies", n.rejected());
        m.put("last_rejection", n.lastRejection());
        m.put("key_exchanges", n.keSuccesses());
        m.put("key_exchange_failures", n.keFailures());
        m.put("state", n.state());
        return m;
    }
}
