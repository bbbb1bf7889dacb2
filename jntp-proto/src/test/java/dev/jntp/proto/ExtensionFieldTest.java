// Tests extension field validation, padding, copying and naming.
package dev.jntp.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExtensionFieldTest {

    @ParameterizedTest
    @ValueSource(ints = {12, 16, 28, 100, 0xFFF8})
    void new_bodyMakingValidLength_isAccepted(int bodyLength) {
        assertThat(new ExtensionField(0x0104, new byte[bodyLength]).length()).isEqualTo(4 + bodyLength);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 8, 11, 13, 14, 15, 17, 0xFFF9, 0xFFFC})
    void new_lengthUnder16OrNotMultipleOf4OrOver0xFFFC_throws(int bodyLength) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExtensionField(0x0104, new byte[bodyLength]));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0x10000})
    void new_typeOutside16Bits_throws(int type) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExtensionField(type, new byte[12]));
    }

    @ParameterizedTest
    @CsvSource({"0, 16", "1, 16", "12, 16", "13, 20", "32, 36", "33, 40"})
    void padded_value_isZeroPaddedToMultipleOf4AtLeast16(int valueLength, int expectedLength) {
        byte[] value = new byte[valueLength];
        Arrays.fill(value, (byte) 0x5A);

        ExtensionField f = ExtensionField.padded(0x0204, value);

        assertThat(f.length()).isEqualTo(expectedLength);
        assertThat(f.body()).isEqualTo(Arrays.copyOf(value, expectedLength - 4));
    }

    @Test
    void body_isDefensiveCopyInAndOut() {
        TestPackets.assertCopiesArrayInAndOut(body -> new ExtensionField(0x0104, body), ExtensionField::body, 12);
    }

    @Test
    void equals_sameTypeAndBodyContent_isEqual() {
        TestPackets.assertEqualByContent(new ExtensionField(0x0104, new byte[12]), new ExtensionField(0x0104, new byte[12]),
                new ExtensionField(0x0204, new byte[12]), new ExtensionField(0x0104, new byte[16]));
    }

    @ParameterizedTest
    @EnumSource(ExtensionFieldType.class)
    void knownType_registeredCode_isNamed(ExtensionFieldType type) {
        ExtensionField f = new ExtensionField(type.code(), new byte[12]);

        assertThat(f.knownType()).contains(type);
        assertThat(f.toString()).contains(type.name());
    }

    @Test
    void knownType_unregisteredCode_isEmptyAndPrintedInHex() {
        ExtensionField f = ExtensionField.padded(0xF323, new byte[] {(byte) 0xAB});

        assertThat(f.knownType()).isEmpty();
        assertThat(f).hasToString("ExtensionField[0xF323, 16 octets: ab0000000000000000000000]");
    }
}
