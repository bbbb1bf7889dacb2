// Tests the key file parser: chrony's line format, every key type, and an error with FILE:LINE and a fix for each mistake.
package dev.jntp.config;

import static dev.jntp.config.Configs.assertErrorAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jntp.proto.KeyType;
import dev.jntp.proto.SymmetricKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFileTest {

    private static final String FILE = "test.keys";

    @TempDir
    Path tmp;

    private static KeyFile.Result parse(String text) {
        return KeyFile.parse(FILE, text);
    }

    private static List<SymmetricKey> keys(String text) {
        KeyFile.Result r = parse(text);
        assertThat(r.errors()).as("errors").isEmpty();
        return r.keys();
    }

    /** The one error of a text whose line 2 is bad. */
    private static ConfigError errorOfLine2(String badLine) {
        KeyFile.Result r = parse("1 SHA1 HEX:00112233445566778899AABBCCDDEEFF00112233\n" + badLine + "\n");
        assertThat(r.errors()).as("errors of %s", badLine).hasSize(1);
        assertThat(r.keys()).hasSize(1);
        return r.errors().getFirst();
    }

    /** chrony.conf(5)'s example file, with a comment of each kind and blank lines. */
    @Test
    void parse_chronyManualExample_everyKey() {
        List<SymmetricKey> keys = keys("""
                # keys shared with the lab servers
                10 tulip
                11 hyacinth

                ! old style comment
                  ; indented comment
                % another
                20 MD5 ASCII:crocus
                25 SHA1 HEX:933F62BE1D604E68A81B557F18CFA200483F5B70
                30 AES128 HEX:7EA62AE64D190114D46D5A082F948EC1
                31 AES256 HEX:37DDCBC67BB902BCB8E995977FAB4D2B5642F5B32EBCEEE421921D97E5CBFE39
                """);

        assertThat(keys).extracting(SymmetricKey::id).containsExactly(10L, 11L, 20L, 25L, 30L, 31L);
        assertThat(keys).extracting(SymmetricKey::type).containsExactly(KeyType.MD5, KeyType.MD5, KeyType.MD5,
                KeyType.SHA1, KeyType.AES128, KeyType.AES256);
        assertThat(keys.get(0).secret()).isEqualTo("tulip".getBytes(StandardCharsets.US_ASCII));
        assertThat(keys.get(2).secret()).isEqualTo("crocus".getBytes(StandardCharsets.US_ASCII));
        assertThat(keys.get(3).secret()).isEqualTo(HexFormat.of().parseHex("933F62BE1D604E68A81B557F18CFA200483F5B70"));
        assertThat(keys.get(5).length()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA1", "SHA256", "SHA384", "SHA512", "SHA3-224", "SHA3-256", "SHA3-384",
        "SHA3-512", "AES128", "AES256"})
    void parse_everyType_keyOfThatType(String type) {
        KeyType t = KeyType.ofFileName(type).orElseThrow();
        String hex = "AB".repeat(t.isCipher() ? t.cipherKeyLength() : 20);

        assertThat(keys("7 " + type + " HEX:" + hex)).containsExactly(
                new SymmetricKey(7, t, HexFormat.of().parseHex(hex)));
    }

    @Test
    void parse_largestIdTabsCrlfAndLowerCaseHex_accepted() {
        List<SymmetricKey> keys = keys("4294967295\tSHA256\tHEX:00ff00ff00ff00ff00ff00ff\r\n  2 ASCII:with:colons \r\n");

        assertThat(keys).extracting(SymmetricKey::id).containsExactly(4_294_967_295L, 2L);
        assertThat(keys.get(1).secret()).isEqualTo("with:colons".getBytes(StandardCharsets.US_ASCII));
    }

    /** chrony's prefixes are case-sensitive: anything else is the ASCII key itself. */
    @Test
    void parse_lowerCasePrefix_isPartOfAsciiKey() {
        assertThat(keys("3 SHA1 hex:0011223344").getFirst().secret())
                .isEqualTo("hex:0011223344".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void parse_octetsAbove127_keptAsTheFileHasThem() {
        // The file's octets, read as ISO-8859-1 so each character is one octet.
        String text = new String(new byte[] {'1', ' ', (byte) 0xE9, (byte) 0xFF, 'x'}, StandardCharsets.ISO_8859_1);

        assertThat(keys(text).getFirst().secret()).containsExactly(0xE9, 0xFF, 'x');
    }

    @Test
    void parse_shortKey_acceptedWithWarningAtItsLine() {
        KeyFile.Result r = parse("# c\n5 SHA1 HEX:0011223344\n");

        assertThat(r.keys()).hasSize(1);
        assertThat(r.warnings()).hasSize(1);
        assertErrorAt(r.warnings().getFirst(), FILE, 2, "key 5 has only 40 bits");
        assertThat(r.warnings().getFirst().fix()).contains("jntp keygen 5 SHA1 160");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1                                  | a key line has an ID, an optional type and the key
            1 SHA1 HEX:00 extra                | this one has 4 words
            0 SHA1 HEX:0011223344556677        | does not start with a key id
            4294967296 SHA1 HEX:0011223344556677 | does not start with a key id
            -1 SHA1 HEX:0011223344556677       | does not start with a key id
            +2 SHA1 HEX:0011223344556677       | does not start with a key id
            x2 secretvalue                     | does not start with a key id
            2 sha1 HEX:0011223344556677        | type 'sha1' must be in capitals
            2 Aes128 HEX:0011223344556677      | type 'Aes128' must be in capitals
            2 TIGER HEX:0011223344556677       | type TIGER is not supported by jntp
            2 SHA2 HEX:0011223344556677        | unknown type 'SHA2'
            2 SHA1 HEX:                        | HEX: must be followed by pairs of hexadecimal digits
            2 SHA1 HEX:001                     | HEX: must be followed by pairs of hexadecimal digits
            2 SHA1 HEX:00GG                    | HEX: must be followed by pairs of hexadecimal digits
            2 SHA1 HEX:0x00                    | HEX: must be followed by pairs of hexadecimal digits
            2 SHA1 ASCII:                      | key 2 is empty after ASCII:
            2 AES128 HEX:00112233445566778899AABBCCDDEE | AES128 needs exactly 128 (32 hex digits after HEX:)
            2 AES256 HEX:00112233445566778899AABBCCDDEEFF | key 2 of type AES256 has 128 bits
            2 AES128 sixteen-chars-xx          | has 128 bits
            1 MD5 HEX:0011223344556677         | key 1 is given again (first on line 1)
            """)
    void parse_badLine_errorAtItsLineWithFix(String line, String message) {
        if (line.equals("2 AES128 sixteen-chars-xx")) {
            // 16 ASCII characters are a valid AES128 key: the error line must be something else.
            assertThat(keys(line)).hasSize(1);
            return;
        }
        assertErrorAt(errorOfLine2(line), FILE, 2, message);
    }

    @Test
    void parse_errors_neverShowTheKey() {
        KeyFile.Result r = parse("x9 HEX:DEADBEEFCAFE\n1 SHA1 HEX:DEADBEEFCAFE extra\n2 AES128 HEX:DEADBEEFCAFE\n"
                + "3 NOPE ASCII:topsecretvalue\nsecretvalue 4\n");

        assertThat(r.errors()).hasSize(5);
        assertThat(r.errors()).allSatisfy(e -> assertThat(e.toString()).doesNotContain("DEADBEEFCAFE", "topsecret",
                "secretvalue"));
    }

    @Test
    void parse_lineLongerThanChronyReads_error() {
        assertErrorAt(errorOfLine2("2 SHA1 HEX:" + "00".repeat(1100)), FILE, 2, "chrony reads at most 2047");
    }

    @Test
    void load_missingFile_errorAtLine0WithKeygenFix() {
        Path f = tmp.resolve("none.keys");

        KeyFile.Result r = KeyFile.load(f);

        assertThat(r.keys()).isEmpty();
        assertErrorAt(r.errors().getFirst(), f.toString(), 0, "does not exist");
        assertThat(r.errors().getFirst().fix()).contains("jntp keygen", "chmod 600");
    }

    @Test
    void load_file_readsKeysAndNamesTheFileInErrors() throws IOException {
        Path f = tmp.resolve("jntp.keys");
        Files.writeString(f, "1 SHA256 HEX:" + "01".repeat(32) + "\n2 SHA9 HEX:00\n");

        KeyFile.Result r = KeyFile.load(f);

        assertThat(r.keys()).extracting(SymmetricKey::id).containsExactly(1L);
        assertErrorAt(r.errors().getFirst(), f.toString(), 2, "unknown type 'SHA9'");
    }

    @ParameterizedTest
    @CsvSource({"rw-------, false, ''", "r--------, false, ''", "rw-r-----, true, readable by group or others",
        "rw----r--, true, readable by group or others", "rw--w----, true, writable by group or others",
        "rw-rw-rw-, true, readable and writable"})
    void permissionWarning_groupOrOtherAccess_oneLineNamingFileAndChmod(String perms, boolean warned, String text)
            throws IOException {
        Path f = tmp.resolve("jntp.keys");
        Files.writeString(f, "1 SHA1 HEX:00112233445566778899\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));

        var w = KeyFile.permissionWarning(f);

        assertThat(w.isPresent()).isEqualTo(warned);
        w.ifPresent(s -> assertThat(s).contains(text, f.toString(), "chmod 600 " + f).doesNotContain("\n"));
    }
}
