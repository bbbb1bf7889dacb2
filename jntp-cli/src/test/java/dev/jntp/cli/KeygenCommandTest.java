// Tests 'jntp keygen': chronyc's defaults and line format, key sizes per type, lines the key file parser accepts.
package dev.jntp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.config.KeyFile;
import dev.jntp.proto.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeygenCommandTest {

    @Test
    void keygen_noArguments_chronycDefaultsId1Sha1160Bits() {
        Cli c = Cli.run("keygen");

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).matches("1 SHA1 HEX:[0-9A-F]{40}\\R");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'1 SHA256 256', 1 SHA256, 64", "'7 sha3-256', 7 SHA3-256, 40", "'4294967295 AES128', 4294967295 AES128, 32",
        "'2 AES256 256', 2 AES256, 64", "'3 MD5 81', 3 MD5, 22", "'9 SHA512 4096', 9 SHA512, 1024"})
    void keygen_idTypeBits_lineTheKeyFileAccepts(String args, String prefix, int hexDigits) {
        Cli c = Cli.run(("keygen " + args).split(" "));

        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).matches(prefix + " HEX:[0-9A-F]{" + hexDigits + "}\\R");
        KeyFile.Result r = KeyFile.parse("out", c.out());
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.keys()).hasSize(1);
        assertThat(r.keys().getFirst().type()).isEqualTo(KeyType.ofFileName(prefix.split(" ")[1]).orElseThrow());
    }

    @Test
    void keygen_twice_differentKeys() {
        assertThat(Cli.run("keygen", "1", "AES128").out()).isNotEqualTo(Cli.run("keygen", "1", "AES128").out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'0', ID must be a number from 1 to 4294967295", "'4294967296', ID must be a number",
        "'1 SHA2', unknown key type 'SHA2'", "'1 SHA1 79', BITS must be 80 to 4096, got 79",
        "'1 SHA1 4097', BITS must be 80 to 4096", "'1 AES128 256', AES128 keys have 128 bits, not 256",
        "'1 SHA1 160 x', Unmatched argument"})
    void keygen_badArguments_usageErrorSayingWhy(String args, String message) {
        Cli c = Cli.run(("keygen " + args).split(" "));

        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains(message);
        assertThat(c.out()).isEmpty();
    }
}
