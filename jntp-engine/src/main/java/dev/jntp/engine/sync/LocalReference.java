// chrony's 'local' directive as the engine applies it: serve the local clock when no source can be followed.
package dev.jntp.engine.sync;

import dev.jntp.proto.ReferenceId;
import java.util.Objects;

/**
 * The local reference (chrony's {@code local stratum N [orphan]}), given to the engine with
 * {@link SyncEngine#setLocalReference}. See {@link SyncEngine} for when it is active.
 *
 * @param stratum the stratum served while the local reference is active, 1 to 15
 * @param orphan orphan mode (RFC 5905 section 11.2.4 as chrony does it): sources at this
 *     stratum or above are taken to serve some server's local clock and are ignored, except
 *     that when nothing else is selectable the one at exactly this stratum with the smallest
 *     reference ID is followed, if its ID is smaller than {@code referenceId}
 * @param referenceId this host's own reference ID: the IPv4 address (or hash of the IPv6
 *     address) its peers reach it at, which is the ID they compare with theirs; it also marks a
 *     source that is synchronised to this host (a loop). {@link ReferenceId#NONE} when unknown:
 *     no orphan source is then followed, since none has a smaller ID
 */
public record LocalReference(int stratum, boolean orphan, ReferenceId referenceId) {

    public LocalReference {
        if (stratum < 1 || stratum > 15) {
            throw new IllegalArgumentException("local stratum must be 1 to 15, got " + stratum);
        }
        Objects.requireNonNull(referenceId, "referenceId");
    }

    /** Whether {@code id} comes before this host's ID, compared as chrony does (unsigned 32 bits). */
    boolean precedesUs(ReferenceId id) {
        return Integer.compareUnsigned(id.raw(), referenceId.raw()) < 0;
    }
}
