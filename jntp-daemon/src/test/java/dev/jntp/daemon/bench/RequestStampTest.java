// Tests the load request stamp: sequence and send time survive the round trip, foreign stamps are refused.
package dev.jntp.daemon.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestStampTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 128", "12345, 1000000000", "16777215, 137438953344", "9999999, 60000000000"})
    void encode_thenDecode_givesSequenceAndOffset(long sequence, long offsetNanos) {
        RequestStamp stamp = new RequestStamp(0x0123_4567_89AB_CDEFL);

        long t = stamp.encode(sequence, offsetNanos);

        assertThat(stamp.sequenceOf(t)).isEqualTo(sequence);
        assertThat(stamp.offsetNanosOf(t)).isEqualTo(offsetNanos);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 127, 129, 999_999_999})
    void offset_notMultipleOf128_roundsDownToIt(long offsetNanos) {
        RequestStamp stamp = new RequestStamp(42);

        assertThat(stamp.offsetNanosOf(stamp.encode(7, offsetNanos))).isEqualTo(offsetNanos / 128 * 128);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void stampOfAnotherSalt_isMostlyRefused(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RequestStamp mine = new RequestStamp(random.nextLong());
        RequestStamp theirs = new RequestStamp(random.nextLong());
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (mine.sequenceOf(theirs.encode(i, i * 1000L)) >= 0) {
                accepted++;
            }
        }
        // A foreign stamp passes the 10-bit check pattern with probability 1/1024; seed printed by JUnit.
        assertThat(accepted).isLessThan(60);
    }

    @ParameterizedTest
    @CsvSource({"-1, 0", "16777216, 0", "0, -1", "0, 137438953472"})
    void encode_outOfRange_throws(long sequence, long offsetNanos) {
        RequestStamp stamp = new RequestStamp(0);

        assertThatThrownBy(() -> stamp.encode(sequence, offsetNanos)).isInstanceOf(IllegalArgumentException.class);
    }
}
