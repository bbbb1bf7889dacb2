// The registered kiss codes (RFC 5905 section 7.4, RFC 8915 section 5.7) sent in stratum 0 replies.
package dev.jntp.proto;

import java.util.Optional;

/** Kiss-o'-Death codes. A client must act on DENY, RSTR and RATE; the others are informational. */
public enum KissCode {
    ACST("The association belongs to a unicast server"),
    AUTH("Server authentication failed"),
    AUTO("Autokey sequence failed"),
    BCST("The association belongs to a broadcast server"),
    CRYP("Cryptographic authentication or identification failed"),
    DENY("Access denied by remote server"),
    DROP("Lost peer in symmetric mode"),
    RSTR("Access denied due to local policy"),
    INIT("The association has not yet synchronized for the first time"),
    MCST("The association belongs to a dynamically discovered server"),
    NKEY("No key found"),
    NTSN("NTS negative acknowledgment: the cookie was not accepted"),
    RATE("Rate exceeded: the server has temporarily denied access"),
    RMOT("Alteration of association from a remote host running ntpdc"),
    STEP("A step change in system time has occurred");

    private static final KissCode[] ALL = values();

    private final String meaning;
    private final ReferenceId id;

    KissCode(String meaning) {
        this.meaning = meaning;
        this.id = ReferenceId.ofAscii(name());
    }

    /** What the code means, from the IANA registry. */
    public String meaning() {
        return meaning;
    }

    /** The reference ID that carries this code. */
    public ReferenceId referenceId() {
        return id;
    }

    /** Whether a client must stop polling this server (DENY, RSTR). */
    public boolean stopsPolling() {
        return this == DENY || this == RSTR;
    }

    /** The code a reference ID carries, if registered. */
    public static Optional<KissCode> of(ReferenceId refId) {
        for (KissCode k : ALL) {
            if (k.id.raw() == refId.raw()) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
