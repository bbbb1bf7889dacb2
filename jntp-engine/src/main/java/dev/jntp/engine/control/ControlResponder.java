// Answers NTP control queries (mode 6, what ntpq sends) from an immutable view of the daemon, read only.
package dev.jntp.engine.control;

import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlDecodeResult;
import dev.jntp.proto.ControlError;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;
import dev.jntp.proto.ControlOpcode;
import dev.jntp.proto.ControlVariables;
import dev.jntp.proto.LeapIndicator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server side of mode 6 (RFC 9327; NTPsec's ntp_control.c is the behaviour followed, since
 * that is what ntpq expects). Pure and stateless: request octets and a {@link ControlView} in,
 * reply datagrams out.
 *
 * <ul>
 *   <li>Dropped without reply, as NTPsec does: fewer than 12 octets, a bad version, a datagram
 *       with the R, E or M bit or a non-zero offset (a reply or fragment, not a request).
 *   <li>READSTAT on association 0: the association ids and peer status words (4 octets per
 *       source), under the system status word; on association N: N's status word and variables.
 *   <li>READVAR on association 0: the system variables ({@link SystemVariables}), on N: N's
 *       ({@link PeerVariables}); the usual set, or those the request lists ({@code rv 0
 *       stratum,offset}); an unknown name is an error, a known one without a value is left out.
 *   <li>UNSPEC: just the status word.
 *   <li>Read only: WRITEVAR, WRITECLOCK, the trap operations, the MRU list and nonces are
 *       answered "bad opcode" and CONFIGURE and READ_ORDLIST_A "permission denied", as NTPsec
 *       answers them without a valid key (jntp has no control keys); READCLOCK "bad
 *       association" (no reference clocks). A count above 468 or beyond the datagram, or a
 *       datagram that is not a multiple of 4 octets: "bad format".
 *   <li>Replies carry the server's leap indicator and echo the request's version, opcode,
 *       sequence and association id; long ones are fragmented ({@link ControlCodec#fragments}).
 * </ul>
 *
 * <p>A READVAR reply is several hundred octets for a request of 12: unlike an NTP reply it is
 * legitimately larger than its request, which makes mode 6 an amplifier if answered to anyone.
 * The caller therefore answers only addresses that an access list allows and rate limits them
 * ({@link ControlRateLimiter}); this class does not look at addresses.
 */
public final class ControlResponder {

    /** The most reply data one request gets: what ntpq accepts. */
    static final int MAX_REPLY_DATA = ControlCodec.MAX_FRAGMENTS * ControlCodec.MAX_DATA;

    /** Handles one datagram. Never throws for any contents. */
    public ControlReply respond(byte[] request, int length, ControlView view) {
        return switch (ControlCodec.decode(request, 0, length)) {
            case ControlDecodeResult.Rejected r when r.header() == null -> new ControlReply.Dropped(r.detail());
            case ControlDecodeResult.Rejected r -> isRequest(r.header())
                    ? error(r.header(), view, ControlError.BAD_FORMAT) : new ControlReply.Dropped(r.detail());
            case ControlDecodeResult.Decoded d -> handle(d.message(), view);
        };
    }

    private static boolean isRequest(ControlHeader h) {
        return !h.response() && !h.error() && !h.more() && h.offset() == 0;
    }

    private ControlReply handle(ControlMessage m, ControlView view) {
        ControlHeader h = m.header();
        if (!isRequest(h)) {
            return new ControlReply.Dropped("not a request (R, E or M bit, or an offset)");
        }
        if (m.count() > ControlCodec.MAX_DATA) {
            return error(h, view, ControlError.BAD_FORMAT);
        }
        ControlOpcode op = h.knownOpcode().orElse(null);
        if (op == null) {
            return error(h, view, ControlError.BAD_OPCODE);
        }
        int assoc = h.associationId();
        ControlView.Peer peer = assoc == 0 ? null : view.peer(assoc);
        if (assoc != 0 && peer == null && (op == ControlOpcode.UNSPEC || op == ControlOpcode.READSTAT
                || op == ControlOpcode.READVAR)) {
            return error(h, view, ControlError.BAD_ASSOCIATION);
        }
        return switch (op) {
            case UNSPEC -> answer(h, view, status(view, peer), new byte[0]);
            case READSTAT -> peer == null ? answer(h, view, SystemVariables.status(view), associations(view))
                    : answer(h, view, PeerVariables.status(peer), text(PeerVariables.of(peer), List.of(), Set.of()));
            case READVAR -> readVariables(h, m, view, peer);
            case READCLOCK -> error(h, view, ControlError.BAD_ASSOCIATION);
            case CONFIGURE, READ_ORDLIST_A -> error(h, view, ControlError.PERMISSION);
            case WRITEVAR, WRITECLOCK, SETTRAP, ASYNCMSG, SAVECONFIG, READ_MRU, REQ_NONCE, UNSETTRAP ->
                    error(h, view, ControlError.BAD_OPCODE);
        };
    }

    private ControlReply readVariables(ControlHeader h, ControlMessage m, ControlView view, ControlView.Peer peer) {
        Map<String, String> all = peer == null ? SystemVariables.of(view) : PeerVariables.of(peer);
        List<String> names = ControlVariables.requestedNames(m.data());
        for (String n : names) {
            if (!all.containsKey(n)) {
                return error(h, view, ControlError.UNKNOWN_VARIABLE);
            }
        }
        return answer(h, view, status(view, peer), text(all, names,
                peer == null ? SystemVariables.ON_REQUEST : Set.of()));
    }

    private static int status(ControlView view, ControlView.Peer peer) {
        return peer == null ? SystemVariables.status(view) : PeerVariables.status(peer);
    }

    /**
     * The variables named, in the order named, or when none are named all but those sent only on
     * request; those that have no value are left out.
     */
    private static byte[] text(Map<String, String> all, List<String> names, Set<String> onRequest) {
        List<ControlVariables.Variable> out = new ArrayList<>();
        for (String n : names.isEmpty() ? all.keySet() : new LinkedHashSet<>(names)) {
            String value = all.get(n);
            if (value != null && (!names.isEmpty() || !onRequest.contains(n))) {
                out.add(new ControlVariables.Variable(n, value));
            }
        }
        return ControlVariables.format(out);
    }

    /** Association id and peer status word of every source, two 16-bit fields each. */
    private static byte[] associations(ControlView view) {
        byte[] out = new byte[4 * view.peers().size()];
        int i = 0;
        for (ControlView.Peer p : view.peers()) {
            dev.jntp.proto.NtpCodec.putShort(out, i, p.associationId());
            dev.jntp.proto.NtpCodec.putShort(out, i + 2, PeerVariables.status(p));
            i += 4;
        }
        return out;
    }

    private static ControlReply answer(ControlHeader request, ControlView view, int status, byte[] data) {
        if (data.length > MAX_REPLY_DATA) {
            data = Arrays.copyOf(data, MAX_REPLY_DATA);
        }
        List<byte[]> out = new ArrayList<>();
        for (ControlMessage f : ControlCodec.fragments(request.reply(leap(view), status), data)) {
            out.add(ControlCodec.encode(f));
        }
        return new ControlReply.Answer(out, null);
    }

    private static ControlReply error(ControlHeader request, ControlView view, ControlError e) {
        byte[] b = ControlCodec.encode(new ControlMessage(request.errorReply(leap(view), e), new byte[0]));
        return new ControlReply.Answer(List.of(b), e);
    }

    private static LeapIndicator leap(ControlView view) {
        return view.reference().synchronised() ? view.reference().leap() : LeapIndicator.UNSYNCHRONIZED;
    }
}
