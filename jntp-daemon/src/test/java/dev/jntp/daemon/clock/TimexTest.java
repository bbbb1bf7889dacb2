// Tests struct timex: the x86_64 layout against gcc's offsetof, the segment round trip, and the header constants.
package dev.jntp.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimexTest {

    /** sizeof(struct timex) on x86_64, printed by gcc 12 from sys/timex.h (Debian 12). */
    private static final long SIZEOF_TIMEX = 208;

    /** offsetof(struct timex, FIELD) printed by the same C program. */
    @ParameterizedTest(name = "{0} @ {1}")
    @CsvSource({
        "modes, 0", "offset, 8", "freq, 16", "maxerror, 24", "esterror, 32", "status, 40", "constant, 48",
        "precision, 56", "tolerance, 64", "time, 72", "tick, 88", "ppsfreq, 96", "jitter, 104", "shift, 112",
        "stabil, 120", "jitcnt, 128", "calcnt, 136", "errcnt, 144", "stbcnt, 152", "tai, 160",
    })
    void layout_field_atGccOffset(String field, long offset) {
        assertThat(Timex.offsetOf(field)).isEqualTo(offset);
    }

    @Test
    void layout_timeval_usecAt80AndSize208() {
        assertThat(Timex.offsetOf("time", "tv_sec")).isEqualTo(72);
        assertThat(Timex.offsetOf("time", "tv_usec")).isEqualTo(80);
        assertThat(Timex.LAYOUT.byteSize()).isEqualTo(SIZEOF_TIMEX);
        assertThat(Timex.LAYOUT.byteAlignment()).isEqualTo(8);
    }

    @Test
    void segment_roundTrip_keepsEveryField() {
        Timex tx = new Timex(0x2103, -7, 1_234_567, 16_000_000, 42, 0x2041, 3, 1, 32_768_000,
                1_795_317_765L, 999_999_999, 10_000, 37);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Timex.LAYOUT);
            tx.writeTo(segment);
            assertThat(Timex.readFrom(segment)).isEqualTo(tx);
            assertThat(segment.get(ValueLayout.JAVA_LONG, 16)).isEqualTo(1_234_567);
            assertThat(segment.get(ValueLayout.JAVA_INT, 160)).isEqualTo(37);
        }
    }

    @Test
    void writeTo_dirtySegment_zeroesFieldsItDoesNotHold() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(Timex.LAYOUT).fill((byte) 0x5a);
            Timex.READ.writeTo(segment);
            for (long at = 0; at < SIZEOF_TIMEX; at += 8) {
                assertThat(segment.get(ValueLayout.JAVA_LONG, at)).as("bytes at %d", at).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0} ppm = {1}")
    @CsvSource({"1, 65536", "-500, -32768000", "500, 32768000", "12.5, 819200", "0.0000076, 0", "-0.00001, -1"})
    void scaledPpm_ppm_times2to16Rounded(double ppm, long scaled) {
        assertThat(Timex.scaledPpm(ppm)).isEqualTo(scaled);
    }

    /** The values of linux/timex.h (uapi), checked by hand against /usr/include/linux/timex.h. */
    @Test
    void constants_asInLinuxTimexH() {
        assertThat(new int[] {Timex.ADJ_OFFSET, Timex.ADJ_FREQUENCY, Timex.ADJ_MAXERROR, Timex.ADJ_ESTERROR,
            Timex.ADJ_STATUS, Timex.ADJ_TIMECONST, Timex.ADJ_TAI, Timex.ADJ_SETOFFSET, Timex.ADJ_MICRO,
            Timex.ADJ_NANO, Timex.ADJ_TICK, Timex.ADJ_OFFSET_SINGLESHOT, Timex.ADJ_OFFSET_SS_READ})
                .containsExactly(0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x80, 0x100, 0x1000, 0x2000, 0x4000, 0x8001,
                        0xa001);
        assertThat(new int[] {Timex.STA_PLL, Timex.STA_INS, Timex.STA_DEL, Timex.STA_UNSYNC, Timex.STA_FREQHOLD,
            Timex.STA_NANO, Timex.STA_RONLY})
                .containsExactly(0x1, 0x10, 0x20, 0x40, 0x80, 0x2000, 0xff00);
        assertThat(new int[] {Timex.TIME_OK, Timex.TIME_INS, Timex.TIME_DEL, Timex.TIME_ERROR})
                .containsExactly(0, 1, 2, 5);
    }
}
