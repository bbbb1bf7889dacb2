// Tests of NTS-KE negotiation: chronyd's request, preference order, and every refusal RFC 8915 section 4.1 names.
package dev.jntp.engine.nts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.nts.KeDecodeError;
import dev.jntp.proto.nts.KeErrorCode;
import dev.jntp.proto.nts.KeRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeServerLogicTest {

    private static KeServerLogic.Outcome negotiate(KeRecord... records) {
        return KeServerLogic.negotiate(List.of(records));
    }

    private static List<KeRecord> refusal(KeServerLogic.Outcome o) {
        assertThat(o).isInstanceOf(KeServerLogic.Outcome.Refused.class);
        return ((KeServerLogic.Outcome.Refused) o).response();
    }

    private static final List<KeRecord> BAD_REQUEST = List.of(KeRecord.error(KeErrorCode.BAD_REQUEST), KeRecord.end());

    @Test
    void negotiate_chronydRequest_acceptsAesSivCmac256() {
        assertThat(negotiate(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.end()))
                .isEqualTo(new KeServerLogic.Outcome.Accepted(AeadAlgorithm.AES_SIV_CMAC_256));
    }

    @Test
    void negotiate_severalAlgorithms_takesTheClientsFirstSupported() {
        assertThat(negotiate(KeRecord.nextProtocol(0), KeRecord.aead(30, 17, 15), KeRecord.end()))
                .isEqualTo(new KeServerLogic.Outcome.Accepted(AeadAlgorithm.AES_SIV_CMAC_512));
    }

    @Test
    void negotiate_serverAndPortWishes_areIgnored() {
        assertThat(negotiate(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.server("x"), KeRecord.port(1),
                new KeRecord.Unknown(false, 0x4000, new byte[0]), KeRecord.end()))
                .isInstanceOf(KeServerLogic.Outcome.Accepted.class);
    }

    @Test
    void negotiate_noNtpv4_answersAnEmptyNextProtocol() {
        assertThat(refusal(negotiate(KeRecord.nextProtocol(0x8001), KeRecord.end())))
                .containsExactly(new KeRecord.NextProtocol(true, List.of()), KeRecord.end());
    }

    @Test
    void negotiate_noCommonAlgorithm_answersAnEmptyAeadRecord() {
        assertThat(refusal(negotiate(KeRecord.nextProtocol(0), KeRecord.aead(30), KeRecord.end())))
                .containsExactly(KeRecord.nextProtocol(0), new KeRecord.AeadAlgorithm(true, List.of()),
                        KeRecord.end());
    }

    @Test
    void negotiate_rulesBroken_isBadRequest() {
        List<List<KeRecord>> bad = List.of(
                List.of(KeRecord.aead(15), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.end()),
                List.of(new KeRecord.NextProtocol(true, List.of()), KeRecord.aead(15), KeRecord.end()),
                List.of(new KeRecord.NextProtocol(false, List.of(0)), KeRecord.aead(15), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.aead(15), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), new KeRecord.AeadAlgorithm(true, List.of()), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.error(0), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.warning(0), KeRecord.end()),
                List.of(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.cookie(new byte[4]), KeRecord.end()));
        for (List<KeRecord> request : bad) {
            assertThat(refusal(KeServerLogic.negotiate(request))).as("%s", request).isEqualTo(BAD_REQUEST);
        }
    }

    @Test
    void refuse_decodeErrors_mapToTheirErrorCodes() {
        assertThat(KeServerLogic.refuse(KeDecodeError.UNRECOGNIZED_CRITICAL, "x").response())
                .containsExactly(KeRecord.error(KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD), KeRecord.end());
        assertThat(KeServerLogic.refuse(KeDecodeError.BAD_LENGTH, "x").response()).isEqualTo(BAD_REQUEST);
        assertThat(refusal(negotiate(KeRecord.nextProtocol(0), new KeRecord.Unknown(true, 0x4000, new byte[0]))))
                .containsExactly(KeRecord.error(KeErrorCode.UNRECOGNIZED_CRITICAL_RECORD), KeRecord.end());
    }

    @Test
    void response_portOnlyWhenNot123_serverWhenNamed_cookiesThenEnd() {
        List<byte[]> cookies = List.of(new byte[104], new byte[104]);
        assertThat(KeServerLogic.response(AeadAlgorithm.AES_SIV_CMAC_256, cookies, 123, null))
                .extracting(KeRecord::type).containsExactly(1, 4, 5, 5, 0);
        assertThat(KeServerLogic.response(AeadAlgorithm.AES_SIV_CMAC_256, cookies, 11123, "192.0.2.1"))
                .startsWith(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.port(11123),
                        KeRecord.server("192.0.2.1"))
                .endsWith(KeRecord.end());
    }
}
