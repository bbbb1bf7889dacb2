// The NTS-KE server's TLS: TLS 1.3 only, ALPN ntske/1, certificates from PEM files reloaded when they change.
package dev.jntp.daemon.nts;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Builds the TLS context from {@code ntsservercert}/{@code ntsserverkey} pairs (several pairs: the
 * key manager picks by the name the client asks for, SNI) and serves TLS 1.3 server sockets with
 * ALPN {@code ntske/1} (RFC 8915 section 3 and 4). The files are watched without a restart: when
 * an NTS-KE connection arrives, and at most once a second, their modification times and sizes
 * are compared with those loaded; if they changed, the pairs are loaded again and, if they load
 * and match, used for the next connections. A pair that fails (half renewed: a new certificate,
 * the old key) is logged and the previous one stays in use until the files change again.
 */
final class NtsTls {

    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final List<Path> certificates;
    private final List<Path> keys;
    private final LongSupplier ticker;
    private final Consumer<String> info;
    private final Consumer<String> warn;
    private volatile SSLContext context;
    private volatile List<String> stamps;
    private volatile List<String> failedStamps;
    private volatile long lastCheck;

    private NtsTls(List<Path> certificates, List<Path> keys, LongSupplier ticker, Consumer<String> info,
            Consumer<String> warn) {
        this.certificates = List.copyOf(certificates);
        this.keys = List.copyOf(keys);
        this.ticker = ticker;
        this.info = info;
        this.warn = warn;
    }

    /** Loads the pairs; an IOException names the file at fault and the fix. */
    static NtsTls load(List<Path> certificates, List<Path> keys, LongSupplier ticker, Consumer<String> info,
            Consumer<String> warn) throws IOException {
        NtsTls t = new NtsTls(certificates, keys, ticker, info, warn);
        t.stamps = t.stamps();
        t.context = t.build();
        t.lastCheck = ticker.getAsLong();
        return t;
    }

    /** Wraps an accepted TCP connection as the server side of TLS 1.3 with ALPN ntske/1 (handshake not started). */
    SSLSocket serverSocket(Socket accepted) throws IOException {
        reloadIfChanged();
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(accepted, null, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setApplicationProtocols(new String[] {NtsKeyExport.ALPN});
        s.setSSLParameters(p);
        s.setUseClientMode(false);
        return s;
    }

    /** Checks the files (at most once a second) and loads them again when they changed. */
    void reloadIfChanged() {
        long now = ticker.getAsLong();
        if (now - lastCheck < CHECK_INTERVAL_NANOS) {
            return;
        }
        lastCheck = now;
        List<String> current;
        try {
            current = stamps();
        } catch (IOException e) {
            current = List.of(e.toString());
        }
        if (current.equals(stamps) || current.equals(failedStamps)) {
            return;
        }
        try {
            SSLContext c = build();
            context = c;
            stamps = current;
            failedStamps = null;
            info.accept("NTS certificate reloaded from " + certificates);
        } catch (IOException e) {
            failedStamps = current;
            warn.accept("NTS certificate not reloaded, the one loaded before stays in use: " + e.getMessage());
        }
    }

    private List<String> stamps() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path p : concat()) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            out.add(p + " " + a.lastModifiedTime().toMillis() + " " + a.size() + " " + a.fileKey());
        }
        return out;
    }

    private List<Path> concat() {
        List<Path> all = new ArrayList<>(certificates);
        all.addAll(keys);
        return all;
    }

    private SSLContext build() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "jntp".toCharArray();
            for (int i = 0; i < certificates.size(); i++) {
                List<X509Certificate> chain = PemFiles.certificates(certificates.get(i));
                PrivateKey key = PemFiles.privateKey(keys.get(i));
                PemFiles.checkPair(key, chain.getFirst(), keys.get(i), certificates.get(i));
                store.setKeyEntry("nts" + i, key, password, chain.toArray(new X509Certificate[0]));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, password);
            SSLContext c = SSLContext.getInstance("TLSv1.3");
            c.init(kmf.getKeyManagers(), null, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + certificates + ": " + e, e);
        }
    }

    /** The files, for logs. */
    @Override
    public String toString() {
        return "NtsTls" + Objects.toString(certificates);
    }
}
