// Finds the reference ID this host is known by to its peers, which orphan mode compares with theirs.
package dev.jntp.daemon.sync;

import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Optional;

/**
 * In orphan mode a server follows a peer serving its local clock only when the peer's reference
 * ID (derived from its address: the IPv4 address, or the start of the MD5 of the IPv6 address)
 * is smaller than its own. chrony takes its own ID from the local address of the socket it uses
 * towards that peer (ntp_core.c NCR_GetLocalRefid). jntp sends from sockets bound to the
 * wildcard, so it takes one ID for all sources: the first address it serves on
 * ({@code bindaddress}, IPv4 first) when it names one, since that is the address the peers poll;
 * else the address the kernel chooses to reach the first source (what chrony gets on a host with
 * one interface). Connecting a UDP socket sends nothing.
 */
public final class OwnReferenceId {

    private OwnReferenceId() {}

    /**
     * This host's reference ID, or empty when neither a served address nor a route to a source
     * gives one.
     *
     * @param bindAddresses the addresses served on (empty or wildcard: all)
     * @param sources the resolved sources, in order
     */
    public static Optional<ReferenceId> find(List<InetAddress> bindAddresses, List<InetSocketAddress> sources) {
        Optional<InetAddress> served = bindAddresses.stream().filter(a -> !a.isAnyLocalAddress())
                .min((a, b) -> Integer.compare(a.getAddress().length, b.getAddress().length));
        if (served.isPresent()) {
            return served.map(a -> ReferenceId.ofAddress(a.getAddress()));
        }
        for (InetSocketAddress s : sources) {
            Optional<InetAddress> local = localAddressTowards(s);
            if (local.isPresent()) {
                return local.map(a -> ReferenceId.ofAddress(a.getAddress()));
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> localAddressTowards(InetSocketAddress to) {
        try (DatagramChannel ch = DatagramChannel.open(to.getAddress().getAddress().length == 4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
            ch.connect(to);
            InetAddress a = ((InetSocketAddress) ch.getLocalAddress()).getAddress();
            return a.isAnyLocalAddress() ? Optional.empty() : Optional.of(a);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
