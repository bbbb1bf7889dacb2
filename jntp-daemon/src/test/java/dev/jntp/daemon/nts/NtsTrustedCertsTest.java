// Tests of the NTS client's trust: files, directories, the system's store, and errors that name the file and the fix.
package dev.jntp.daemon.nts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jntp.config.NtsClientSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NtsTrustedCertsTest {

    @TempDir
    static Path dir;
    static NtsTestServer.Certificate a;
    static NtsTestServer.Certificate b;

    @BeforeAll
    static void certificates() throws IOException {
        a = NtsTestServer.Certificate.create(dir, "a", "dns:a.example");
        b = NtsTestServer.Certificate.create(dir, "b", "dns:b.example");
    }

    private static NtsClientSettings only(Path... paths) {
        return new NtsClientSettings(List.of(paths), false, 3600);
    }

    @Test
    void file_withTextAroundTwoCertificates_readsBoth() throws IOException {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "# issuer A\n" + Files.readString(a.pem()) + "subject: b\n" + Files.readString(b.pem()));
        assertThat(NtsTrustedCerts.anchors(only(bundle))).containsExactly(a.cert(), b.cert());
    }

    @Test
    void directory_readsEveryFileWithCertificatesSkipsOthers() throws IOException {
        Path d = Files.createDirectories(dir.resolve("cas"));
        Files.copy(a.pem(), d.resolve("1.crt"));
        Files.copy(b.pem(), d.resolve("2.pem"));
        Files.writeString(d.resolve("README"), "not a certificate\n");
        assertThat(NtsTrustedCerts.anchors(only(d))).containsExactly(a.cert(), b.cert());
    }

    @Test
    void systemStore_countsUnlessNosystemcert() throws IOException {
        int system = NtsTrustedCerts.anchors(new NtsClientSettings(List.of(a.pem()), true, 3600)).size();
        assertThat(system).isGreaterThan(1);
        assertThat(NtsTrustedCerts.anchors(only(a.pem()))).hasSize(1);
    }

    @Test
    void errors_nameTheFileAndTheFix() throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> NtsTrustedCerts.context(only(missing))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("ntstrustedcerts " + missing + ": cannot read it")
                .hasMessageContaining("check the path");
        Path text = Files.writeString(dir.resolve("text.pem"), "hello\n");
        assertThatThrownBy(() -> NtsTrustedCerts.context(only(text))).hasMessageContaining("no PEM certificate");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> NtsTrustedCerts.context(only(broken))).hasMessageContaining("certificate 1 does not parse");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> NtsTrustedCerts.context(only(empty))).hasMessageContaining("no file in the directory");
        assertThatThrownBy(() -> NtsTrustedCerts.context(only())).hasMessageContaining("add 'ntstrustedcerts");
    }
}
