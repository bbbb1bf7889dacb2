// Makes throwaway TLS certificates for the NTS tests with the JDK's keytool, written as PEM like OpenSSL's.
package dev.jntp.daemon.nts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed server certificate (SANs localhost, 127.0.0.1, ::1) and its key, as PEM files in a directory. */
record TestPki(Path certificate, Path key, X509Certificate cert, PrivateKey privateKey) {

    /** Generates a new RSA 2048 pair named {@code name} in {@code dir}. */
    static TestPki create(Path dir, String name) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "nts",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1,ip:::1", "-validity", "30",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("nts", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("nts");
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new TestPki(certFile, keyFile, cert, key);
    }

    /** The same pair in new files in {@code dir}. */
    TestPki copyTo(Path dir) throws IOException {
        Path c = Files.copy(certificate, dir.resolve(certificate.getFileName()));
        Path k = Files.copy(key, dir.resolve(key.getFileName()));
        return new TestPki(c, k, cert, privateKey);
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** A client TLS context that trusts this certificate only. */
    SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }

    List<Path> certificates() {
        return List.of(certificate);
    }

    List<Path> keys() {
        return List.of(key);
    }
}
