// The NTS client's TLS context: trust in the system's certificate authorities and those of ntstrustedcerts.
package dev.jntp.daemon.nts;

import dev.jntp.config.NtsClientSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificate authorities an NTS-KE server's certificate may chain to, as chrony decides it:
 * the system's (here the JDK's trust store) unless {@code nosystemcert}, plus every certificate in
 * the {@code ntstrustedcerts} files, PEM as OpenSSL writes them (several per file; text between
 * them is ignored). A directory counts with every regular file in it that holds a certificate.
 * The files are read again for each NTS-KE session, so a renewed CA file takes effect without a
 * restart. Failures are IOExceptions whose message names the file and the fix.
 */
public final class NtsTrustedCerts {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*)-----END CERTIFICATE-----");
    private static final long MAX_FILE = 4L << 20;
    private static volatile List<X509Certificate> system;

    private NtsTrustedCerts() {}

    /** A TLS 1.3 client context that trusts what {@code settings} say. */
    public static SSLContext context(NtsClientSettings settings) throws IOException {
        List<X509Certificate> anchors = anchors(settings);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for NTS-KE: " + e.getMessage(), e);
        }
    }

    /** The certificates trusted: the system's unless turned off, then those of the files in order. */
    static List<X509Certificate> anchors(NtsClientSettings settings) throws IOException {
        List<X509Certificate> out = new ArrayList<>(settings.systemCertificates() ? system() : List.of());
        for (Path p : settings.trustedCertificates()) {
            out.addAll(read(p));
        }
        if (out.isEmpty()) {
            throw new IOException("no certificate authority is trusted ('nosystemcert' and no 'ntstrustedcerts'),"
                    + " so no NTS-KE server can be verified; add 'ntstrustedcerts /PATH/TO/CA.pem'");
        }
        return out;
    }

    /** The certificates of an {@code ntstrustedcerts} file, or of the files of a directory. */
    static List<X509Certificate> read(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            List<X509Certificate> certs = readFile(path);
            if (certs.isEmpty()) {
                throw new IOException("ntstrustedcerts " + path + ": no PEM certificate (-----BEGIN CERTIFICATE-----)"
                        + " in it; give the certificate authority's file in PEM format");
            }
            return certs;
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                certs.addAll(readFile(f));
            }
        } catch (IOException e) {
            throw new IOException("ntstrustedcerts " + path + ": cannot list the directory (" + e + "); check the path"
                    + " and its permissions", e);
        }
        if (certs.isEmpty()) {
            throw new IOException("ntstrustedcerts " + path + ": no file in the directory holds a PEM certificate;"
                    + " put the certificate authorities' files there");
        }
        return certs;
    }

    private static List<X509Certificate> readFile(Path file) throws IOException {
        String text;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IOException("ntstrustedcerts " + file + ": larger than 4 MiB; give a file of certificates");
            }
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("ntstrustedcerts ")) {
                throw e;
            }
            throw new IOException("ntstrustedcerts " + file + ": cannot read it (" + e + "); check the path and its"
                    + " permissions", e);
        }
        List<X509Certificate> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IOException("ntstrustedcerts " + file + ": certificate " + (certs.size() + 1)
                    + " does not parse (" + e.getMessage() + "); give PEM certificates as openssl writes them", e);
        }
        return certs;
    }

    /** The JDK's trusted certificate authorities, read once. */
    private static List<X509Certificate> system() throws IOException {
        List<X509Certificate> s = system;
        if (s == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                List<X509Certificate> all = new ArrayList<>();
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        all.addAll(List.of(x.getAcceptedIssuers()));
                    }
                }
                s = List.copyOf(all);
                system = s;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read the JDK's trusted certificates: " + e.getMessage(), e);
            }
        }
        return s;
    }
}
