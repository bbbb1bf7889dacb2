// Tests the mode 6 responder: what ntpq -p, rv, rv 0 list and as read, every refusal, drops and fragmentation.
package dev.jntp.engine.control;

import static dev.jntp.engine.control.Views.answer;
import static dev.jntp.engine.control.Views.data;
import static dev.jntp.engine.control.Views.messages;
import static dev.jntp.engine.control.Views.request;
import static dev.jntp.engine.control.Views.respond;
import static dev.jntp.engine.control.Views.variables;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.engine.sync.SourceState;
import dev.jntp.engine.sync.TestVerdicts;
import dev.jntp.proto.ControlCodec;
import dev.jntp.proto.ControlError;
import dev.jntp.proto.ControlHeader;
import dev.jntp.proto.ControlMessage;
import dev.jntp.proto.ControlOpcode;
import dev.jntp.proto.LeapIndicator;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpTimestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ControlResponderTest {

    /** ntpq's condition code (the tally) in a peer status word: ' ', x, ., -, +, #, *, o. */
    private static char tally(int status) {
        return " x.-+#*o".charAt((status >>> 8) & 7);
    }

    @Test
    void readstat_association0_everySourceWithItsTallyAndTheSystemStatus() {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.READSTAT, 7, 0, ""));
        ControlMessage m = messages(a).getFirst();
        assertThat(a.error()).isNull();
        assertThat(m.header().response()).isTrue();
        assertThat(m.header().sequence()).isEqualTo(7);
        assertThat(m.header().version()).isEqualTo(2);
        assertThat(m.header().leap()).isEqualTo(LeapIndicator.NO_WARNING);
        assertThat(m.header().status()).as("leap 0, sync_ntp, 1 event, clock_sync").isEqualTo(0x0615);
        byte[] d = data(a);
        assertThat(d).hasSize(16);
        List<Integer> ids = new ArrayList<>();
        StringBuilder tallies = new StringBuilder();
        for (int i = 0; i < d.length; i += 4) {
            ids.add(NtpCodec.getShort(d, i));
            tallies.append(tally(NtpCodec.getShort(d, i + 2)));
        }
        assertThat(ids).containsExactly(1, 2, 3, 4);
        assertThat(tallies.toString()).isEqualTo("*+x ");
        int sysPeer = NtpCodec.getShort(d, 2);
        assertThat(sysPeer >>> 8).as("configured, reachable, sys.peer").isEqualTo(0x80 | 0x10 | 6);
        assertThat(sysPeer & 0xF).as("event sys_peer").isEqualTo(10);
        assertThat(NtpCodec.getShort(d, 14) >>> 8).as("configured, not reachable, reject").isEqualTo(0x80);
    }

    @Test
    void readstat_notCombinedSource_minusTally() {
        ControlView v = Views.synced();
        List<ControlView.Peer> peers = new ArrayList<>(v.peers());
        ControlView.Peer p = peers.get(1);
        SourceSnapshot s = p.snapshot();
        peers.set(1, new ControlView.Peer(new SourceSnapshot(s.id(), s.name(), SourceState.NOT_COMBINED, s.stratum(),
                s.poll(), s.reach(), s.lastOffset(), s.estimatedOffset(), s.lastDelay(), s.jitter(), s.samples(),
                TestVerdicts.ALL_PASSED, null), p.address(), p.port(), p.reply()));
        ControlView view = new ControlView(v.reference(), v.system(), v.clock(), peers, v.host(), v.minPoll());
        byte[] d = data(answer(view, request(ControlOpcode.READSTAT, 1, 0, "")));
        assertThat(tally(NtpCodec.getShort(d, 6))).isEqualTo('-');
    }

    @Test
    void readvar_association0_systemVariablesAsNtpdReportsThem() {
        Map<String, String> v = variables(answer(Views.synced(), request(ControlOpcode.READVAR, 2, 0, "")));
        assertThat(v.keySet()).containsExactly("version", "processor", "system", "release", "leap", "stratum",
                "precision", "rootdelay", "rootdisp", "rootdist", "refid", "reftime", "clock", "peer", "tc", "mintc",
                "offset", "frequency", "sys_jitter", "clk_jitter", "clk_wander");
        assertThat(v).containsEntry("version", "\"jntp 0.1.0\"").containsEntry("system", "\"Linux\"")
                .containsEntry("leap", "0").containsEntry("stratum", "2").containsEntry("precision", "-23")
                .containsEntry("refid", "127.0.0.1").containsEntry("peer", "1")
                .containsEntry("tc", "6").containsEntry("mintc", "4").containsEntry("offset", "-0.123456")
                .containsEntry("frequency", "12.345").containsEntry("sys_jitter", "0.015000")
                .containsEntry("clk_jitter", "0.045600").containsEntry("clk_wander", "0.012500");
        assertThat(v.get("clock")).isEqualTo(String.format("0x%08x.%08x",
                NtpTimestamp.fromUnixNanos(Views.NOW).seconds(), 0));
        assertThat(v.get("reftime")).matches("0x[0-9a-f]{8}\\.[0-9a-f]{8}");
        assertThat(v).as("the engine's figures, in ms").containsEntry("rootdelay", "0.500")
                .containsEntry("rootdisp", "1.250").containsEntry("rootdist", "1.500");
    }

    @Test
    void readvar_association0_listedNamesOnlyInTheirOrder() {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.READVAR, 3, 0, "stratum,offset"));
        assertThat(new String(data(a))).isEqualTo("stratum=2, offset=-0.123456\r\n");
        assertThat(variables(answer(Views.synced(), request(ControlOpcode.READVAR, 3, 0, "offset, stratum,offset"))))
                .containsOnlyKeys("offset", "stratum");
    }

    @Test
    void readvar_sysinfoNames_systemPeerAddressAndModeOnlyWhenNamed() {
        assertThat(variables(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 0,
                "peeradr,peermode,authdelay")))).containsExactly(Map.entry("peeradr", "\"127.0.0.1:11123\""),
                        Map.entry("peermode", "3"), Map.entry("authdelay", "0.000"));
        assertThat(variables(answer(Views.unsynchronised(), request(ControlOpcode.READVAR, 1, 0,
                "peeradr,peermode")))).containsExactly(Map.entry("peeradr", "\"0.0.0.0:0\""),
                        Map.entry("peermode", "0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stratum,nosuchvar", "srcadr", "stra\u0001tum"})
    void readvar_unknownSystemVariable_unknownVariableError(String names) {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.READVAR, 4, 0, names));
        assertThat(a.error()).isEqualTo(ControlError.UNKNOWN_VARIABLE);
        ControlMessage m = messages(a).getFirst();
        assertThat(m.header().error()).isTrue();
        assertThat(m.header().status()).isEqualTo(ControlError.UNKNOWN_VARIABLE.code() << 8);
        assertThat(m.count()).isZero();
    }

    @Test
    void readvar_peer_whatNtpqPeersReadsWithThePeerStatusInTheHeader() {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.READVAR, 5, 2, ""));
        ControlMessage m = messages(a).getFirst();
        assertThat(m.header().associationId()).isEqualTo(2);
        assertThat(tally(m.header().status())).isEqualTo('+');
        Map<String, String> v = variables(a);
        assertThat(v).containsEntry("srcadr", "10.0.0.2").containsEntry("srcport", "123")
                .containsEntry("srchost", "\"ntp.example\"").containsEntry("leap", "0").containsEntry("hmode", "3")
                .containsEntry("pmode", "4").containsEntry("stratum", "2").containsEntry("ppoll", "6")
                .containsEntry("hpoll", "6").containsEntry("precision", "-25").containsEntry("rootdelay", "0.500")
                .containsEntry("rootdisp", "0.250").containsEntry("refid", "10.0.0.1").containsEntry("reach", "0x7f")
                .containsEntry("delay", "0.200000").containsEntry("offset", "1.234560")
                .containsEntry("jitter", "0.015000").containsEntry("flash", "0x0");
        NtpTimestamp rec = NtpTimestamp.fromUnixNanos(Views.NOW - 3_000_000_000L);
        assertThat(v.get("rec")).isEqualTo(String.format("0x%08x.%08x", rec.seconds(), rec.fraction()));
        assertThat(v.keySet()).containsSubsequence("reftime", "rec");
    }

    @Test
    void readvar_peers_refidDottedAboveStratum1TextAtStratum1() {
        assertThat(variables(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 1, "refid,srchost,stratum"))))
                .containsExactly(Map.entry("refid", "GPS"), Map.entry("stratum", "1"));
        assertThat(variables(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 3, "srcadr,refid"))))
                .containsExactly(Map.entry("srcadr", "::1"), Map.entry("refid", "10.0.0.1"));
    }

    @Test
    void readvar_peerNeverHeard_initStratum16UnreachableFlash() {
        Map<String, String> v = variables(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 4, "")));
        assertThat(v).containsEntry("refid", "INIT").containsEntry("stratum", "16").containsEntry("leap", "3")
                .containsEntry("pmode", "0").containsEntry("reach", "0x0").containsEntry("offset", "0.000000")
                .containsEntry("delay", "0.000000").containsEntry("rec", "0x00000000.00000000")
                .containsEntry("flash", "0x400").doesNotContainKey("srchost");
    }

    @Test
    void readvar_unknownPeerVariable_unknownVariableError() {
        assertThat(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 2, "stratum,clock")).error())
                .isEqualTo(ControlError.UNKNOWN_VARIABLE);
    }

    @Test
    void readstat_peer_statusAndEveryVariable() {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.READSTAT, 9, 1, ""));
        assertThat(tally(messages(a).getFirst().header().status())).isEqualTo('*');
        assertThat(variables(a)).containsEntry("srcadr", "127.0.0.1").containsEntry("srcport", "11123")
                .doesNotContainKey("srchost");
    }

    @ParameterizedTest
    @CsvSource({"1, 5", "2, 5", "0, 5", "2, 0", "2, 65535"})
    void unknownAssociation_badAssociationError(int opcode, int assoc) {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.ofCode(opcode).orElseThrow(), 1, assoc,
                ""));
        assertThat(a.error()).isEqualTo(assoc == 0 ? null : ControlError.BAD_ASSOCIATION);
    }

    @Test
    void unspec_justTheStatusWord() {
        ControlReply.Answer a = answer(Views.synced(), request(ControlOpcode.UNSPEC, 1, 0, ""));
        assertThat(messages(a)).singleElement().satisfies(m -> {
            assertThat(m.count()).isZero();
            assertThat(m.header().status()).isEqualTo(0x0615);
        });
    }

    @ParameterizedTest
    @CsvSource({"WRITEVAR, BAD_OPCODE", "WRITECLOCK, BAD_OPCODE", "SETTRAP, BAD_OPCODE", "UNSETTRAP, BAD_OPCODE",
        "SAVECONFIG, BAD_OPCODE", "ASYNCMSG, BAD_OPCODE", "READ_MRU, BAD_OPCODE", "REQ_NONCE, BAD_OPCODE",
        "CONFIGURE, PERMISSION", "READ_ORDLIST_A, PERMISSION", "READCLOCK, BAD_ASSOCIATION"})
    void otherOperations_refusedAsNtpsecRefusesThemWithoutKey(ControlOpcode op, ControlError expected) {
        ControlReply.Answer a = answer(Views.synced(), request(op, 11, 0, "stratum=1"));
        assertThat(a.error()).isEqualTo(expected);
        assertThat(messages(a)).singleElement().satisfies(m -> {
            assertThat(m.header().error()).isTrue();
            assertThat(m.header().opcode()).isEqualTo(op.code());
            assertThat(m.header().sequence()).isEqualTo(11);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 20, 30})
    void unknownOpcode_badOpcode(int code) {
        byte[] req = request(ControlOpcode.UNSPEC, 1, 0, "");
        req[1] = (byte) code;
        assertThat(answer(Views.synced(), req).error()).isEqualTo(ControlError.BAD_OPCODE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x80, 0x40, 0x20})
    void replyOrFragmentBits_dropped(int bit) {
        byte[] req = request(ControlOpcode.READVAR, 1, 0, "");
        req[1] |= (byte) bit;
        assertThat(respond(Views.synced(), req)).isInstanceOf(ControlReply.Dropped.class);
    }

    @Test
    void nonZeroOffset_dropped() {
        byte[] req = request(ControlOpcode.READVAR, 1, 0, "");
        req[9] = 4;
        assertThat(respond(Views.synced(), req)).isInstanceOf(ControlReply.Dropped.class);
        req[11] = 100;
        assertThat(respond(Views.synced(), req)).as("bad count and an offset").isInstanceOf(ControlReply.Dropped.class);
    }

    @Test
    void tooShortOrNotMode6OrBadVersion_dropped() {
        byte[] req = request(ControlOpcode.READSTAT, 1, 0, "");
        assertThat(new ControlResponder().respond(req, 11, Views.synced())).isInstanceOf(ControlReply.Dropped.class);
        byte[] v5 = req.clone();
        v5[0] = (byte) ((5 << 3) | 6);
        assertThat(respond(Views.synced(), v5)).isInstanceOf(ControlReply.Dropped.class);
        byte[] mode7 = req.clone();
        mode7[0] = 0x17;
        assertThat(respond(Views.synced(), mode7)).isInstanceOf(ControlReply.Dropped.class);
        assertThat(new ControlResponder().respond(null, 0, Views.synced())).isInstanceOf(ControlReply.Dropped.class);
    }

    @Test
    void badCountOrPadding_badFormatError() {
        byte[] req = request(ControlOpcode.READVAR, 6, 0, "stratum");
        req[11] = 9;
        assertThat(answer(Views.synced(), req).error()).isEqualTo(ControlError.BAD_FORMAT);
        byte[] unpadded = Arrays.copyOf(request(ControlOpcode.READVAR, 6, 0, "stratum"), 19);
        assertThat(answer(Views.synced(), unpadded).error()).isEqualTo(ControlError.BAD_FORMAT);
        byte[] big = request(ControlOpcode.READVAR, 6, 0, "x".repeat(469));
        assertThat(answer(Views.synced(), big).error()).as("count above 468").isEqualTo(ControlError.BAD_FORMAT);
    }

    @Test
    void unsynchronisedWithoutSources_stratum16Leap3InitNoPeer() {
        ControlReply.Answer a = answer(Views.unsynchronised(), request(ControlOpcode.READVAR, 1, 0, ""));
        assertThat(messages(a).getFirst().header().status()).as("leap 3, sync_unspec, no event").isEqualTo(0xC000);
        assertThat(messages(a).getFirst().header().leap()).isEqualTo(LeapIndicator.UNSYNCHRONIZED);
        assertThat(variables(a)).containsEntry("leap", "3").containsEntry("stratum", "16")
                .containsEntry("refid", "INIT").containsEntry("peer", "0").containsEntry("offset", "0.000000")
                .containsEntry("tc", "6").containsEntry("rootdelay", "1000.000");
        assertThat(data(answer(Views.unsynchronised(), request(ControlOpcode.READSTAT, 1, 0, "")))).isEmpty();
    }

    @Test
    void localReference_stratum10LocalClockSource() {
        ControlReply.Answer a = answer(Views.local(), request(ControlOpcode.READVAR, 1, 0, "stratum,refid,leap"));
        assertThat(messages(a).getFirst().header().status() >>> 8).as("leap 0, sync_local").isEqualTo(5);
        assertThat(variables(a)).containsExactly(Map.entry("stratum", "10"), Map.entry("refid", "127.127.1.1"),
                Map.entry("leap", "0"));
    }

    @Test
    void manySources_readstatFragmentedUnderNtpqLimits() {
        ControlView v = Views.synced();
        List<ControlView.Peer> peers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            peers.add(new ControlView.Peer(Views.snapshot(i, "10.1.0." + i, SourceState.UNUSABLE, 1), "10.1.0." + i,
                    123, null));
        }
        ControlView many = new ControlView(v.reference(), v.system(), v.clock(), peers, v.host(), v.minPoll());
        ControlReply.Answer a = answer(many, request(ControlOpcode.READSTAT, 12, 0, ""));
        List<ControlMessage> f = messages(a);
        assertThat(f).hasSize(3);
        assertThat(f).extracting(m -> m.header().more()).containsExactly(true, true, false);
        assertThat(f).extracting(m -> m.header().offset()).containsExactly(0, 468, 936);
        assertThat(f).allSatisfy(m -> assertThat(m.header().sequence()).isEqualTo(12));
        byte[] d = data(a);
        assertThat(d).hasSize(1200);
        assertThat(NtpCodec.getShort(d, 1196)).isEqualTo(300);
    }

    @Test
    void systemVariables_fitOneDatagramAndPeerVariablesToo() {
        assertThat(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 0, "")).datagrams()).hasSize(1);
        assertThat(answer(Views.synced(), request(ControlOpcode.READVAR, 1, 2, "")).datagrams()).hasSize(1);
    }

    @Test
    void reply_echoesTheRequestsVersion() {
        byte[] v4 = ControlCodec.encode(new ControlMessage(ControlHeader.request(4, ControlOpcode.READSTAT, 3, 0),
                new byte[0]));
        assertThat(messages(answer(Views.synced(), v4)).getFirst().header().version()).isEqualTo(4);
    }
}
