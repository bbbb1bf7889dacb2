// Tests of how the NTS-KE client reads responses: what it accepts, and every answer it refuses.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeRecord;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeClientLogicTest {

    private static final byte[] COOKIE = new byte[100];

    private static List<KeRecord> response(KeRecord... middle) {
        List<KeRecord> r = new ArrayList<>(List.of(KeRecord.nextProtocol(0), KeRecord.aead(15)));
        r.addAll(List.of(middle));
        r.add(KeRecord.end());
        return r;
    }

    private static String refusal(List<KeRecord> records) {
        KeClientLogic.Response r = KeClientLogic.read(records);
        assertThat(r).isInstanceOf(KeClientLogic.Response.Refused.class);
        return ((KeClientLogic.Response.Refused) r).reason();
    }

    @Test
    void request_isChronysThreeRecords() {
        assertThat(HexFormat.of().formatHex(KeClientLogic.requestBytes()))
                .isEqualTo("80010002" + "0000" + "80040002" + "000f" + "80000000");
        assertThat(KeServerLogic.negotiate(KeClientLogic.request()))
                .isEqualTo(new KeServerLogic.Outcome.Accepted(AeadAlgorithm.AES_SIV_CMAC_256));
    }

    @Test
    void read_chronydResponse_acceptedWithCookiesAndPort() {
        List<byte[]> cookies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cookies.add(new byte[] {(byte) i, 0, 0, 0});
        }
        List<KeRecord> records = KeServerLogic.response(AeadAlgorithm.AES_SIV_CMAC_256, cookies, 11123, null);
        KeClientLogic.Response.Accepted a = (KeClientLogic.Response.Accepted) KeClientLogic.read(records);
        assertThat(a.aead()).isEqualTo(AeadAlgorithm.AES_SIV_CMAC_256);
        assertThat(a.cookies()).hasSize(8);
        assertThat(a.cookies().get(3)).containsExactly(3, 0, 0, 0);
        assertThat(a.port()).isEqualTo(11123);
        assertThat(a.server()).isNull();
    }

    @Test
    void read_serverRecordAndPortZero_serverKeptPortDefault() {
        KeClientLogic.Response.Accepted a = (KeClientLogic.Response.Accepted) KeClientLogic.read(
                response(KeRecord.server("ntp1.example.net"), KeRecord.port(0), KeRecord.cookie(COOKIE)));
        assertThat(a.server()).isEqualTo("ntp1.example.net");
        assertThat(a.port()).isEqualTo(-1);
    }

    @Test
    void read_responseOfTheFuzzCorpus_acceptedWithEightCookiesAndItsPort() throws Exception {
        byte[] wire;
        try (var in = KeClientLogicTest.class.getResourceAsStream(
                "KeClientLogicFuzzTestInputs/readNeverThrows/response-8-cookies-port")) {
            wire = in.readAllBytes();
        }
        KeClientLogic.Response.Accepted a = (KeClientLogic.Response.Accepted) KeClientLogic.read(
                NtsServerFixture.decode(wire));
        assertThat(a.cookies()).hasSize(8).allSatisfy(c -> assertThat(c).hasSize(104));
        assertThat(a.port()).isEqualTo(11123);
    }

    @Test
    void read_errorOrWarning_refusedNamingTheCode() {
        assertThat(refusal(List.of(KeRecord.error(1), KeRecord.end()))).isEqualTo(
                "the server answered with error 1 (bad request)");
        assertThat(refusal(response(KeRecord.warning(7), KeRecord.cookie(COOKIE)))).contains("warning 7");
    }

    @Test
    void read_negotiationFaults_refused() {
        assertThat(refusal(List.of(KeRecord.aead(15), KeRecord.cookie(COOKIE), KeRecord.end())))
                .isEqualTo("no Next Protocol record");
        assertThat(refusal(List.of(new KeRecord.NextProtocol(true, List.of()), KeRecord.end())))
                .isEqualTo("the server does not offer NTPv4");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0, 1), KeRecord.aead(15), KeRecord.cookie(COOKIE),
                KeRecord.end()))).contains("instead of [0]");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0), KeRecord.nextProtocol(0), KeRecord.aead(15),
                KeRecord.cookie(COOKIE), KeRecord.end()))).isEqualTo("two Next Protocol records");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0), KeRecord.cookie(COOKIE), KeRecord.end())))
                .isEqualTo("no AEAD Algorithm record");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0), new KeRecord.AeadAlgorithm(true, List.of()),
                KeRecord.end()))).contains("supports none");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0), KeRecord.aead(17), KeRecord.cookie(COOKIE),
                KeRecord.end()))).isEqualTo("AEAD algorithm 17 was not offered");
        assertThat(refusal(List.of(KeRecord.nextProtocol(0), KeRecord.aead(15, 17), KeRecord.cookie(COOKIE),
                KeRecord.end()))).contains("more than one");
        assertThat(refusal(response(KeRecord.aead(15), KeRecord.cookie(COOKIE))))
                .isEqualTo("two AEAD Algorithm records");
    }

    @Test
    void read_cookies_unusableOnesSkippedAtMostEightKept() {
        assertThat(refusal(response())).isEqualTo("no cookie");
        assertThat(refusal(response(KeRecord.cookie(new byte[0]), KeRecord.cookie(new byte[101]),
                KeRecord.cookie(new byte[260])))).isEqualTo("no usable cookie (3 of a length jntp cannot use)");
        List<KeRecord> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(KeRecord.cookie(COOKIE));
        }
        many.add(new KeRecord.Unknown(false, 0x4000, new byte[3]));
        KeClientLogic.Response.Accepted a = (KeClientLogic.Response.Accepted) KeClientLogic.read(
                response(many.toArray(KeRecord[]::new)));
        assertThat(a.cookies()).hasSize(NtsClient.MAX_COOKIES);
    }
}
