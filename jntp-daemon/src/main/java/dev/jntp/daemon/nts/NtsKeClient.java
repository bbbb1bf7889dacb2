// One NTS-KE session as a client (RFC 8915 section 4): TLS 1.3 with ALPN ntske/1, the request, the response, the keys.
package dev.jntp.daemon.nts;

import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.KeClientLogic;
import dev.jntp.engine.nts.NtsKeResult;
import dev.jntp.engine.nts.NtsKeys;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The client side of one NTS-KE session, blocking (run it on a virtual thread). It connects to the
 * NTS-KE server, speaks TLS 1.3 with ALPN {@code ntske/1} (RFC 8915 section 3), names the server
 * with SNI when it was given by name (chrony sends none for an address), and verifies the
 * server's certificate against the trusted certificate authorities and against that name or
 * address (RFC 6125, JSSE's "HTTPS" identification: subject alternative names). It sends
 * {@link KeClientLogic#request}, reads one response of at most {@link KeCodec#MAX_MESSAGE_LENGTH}
 * octets, and exports the C2S and S2C keys with the exporter of RFC 8915 section 5.1 (label
 * {@value NtsKeyExport#LABEL}, context: protocol 0, the AEAD id, 0 for C2S or 1 for S2C). The whole
 * session is bounded by one timeout (chrony's 16 s): a watchdog closes the socket when it ends.
 *
 * <p>When the response names another NTP server (a Server record), its name is resolved here,
 * preferring an address of the NTS-KE server's family, as chrony does.
 */
public final class NtsKeClient {

    /** chrony's limit for a whole client session. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(16);

    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    /** Resolves the name of a Server record. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String name) throws UnknownHostException;
    }

    /**
     * What a session gave: the engine's result, and where the NTP requests go after a success.
     *
     * @param ntpAddress the NTP server's address and port after a success, else null
     */
    public record Outcome(NtsKeResult result, InetSocketAddress ntpAddress) {}

    private NtsKeClient() {}

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("nts-ke-watchdog").daemon(true).factory());
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /**
     * Runs one session.
     *
     * @param host the server's name as configured (SNI and certificate check), or its address
     * @param keServer the NTS-KE server's address and port
     * @param ntpPort the NTP port to use unless the response names another
     * @param context the TLS context ({@link NtsTrustedCerts#context})
     * @param timeout the longest the whole session may take
     * @param resolver resolves a Server record's name
     */
    public static Outcome exchange(String host, InetSocketAddress keServer, int ntpPort, SSLContext context,
            Duration timeout, Resolver resolver) {
        Socket raw = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            expired.set(true);
            close(raw);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean connected = false;
        boolean tlsReached = false;
        try {
            int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            raw.setTcpNoDelay(true); // JSSE writes a flight in several segments; Nagle would hold them for an ACK
            raw.connect(keServer, millis);
            connected = true;
            raw.setSoTimeout(millis);
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(raw, host, keServer.getPort(), true);
            ssl.setSSLParameters(parameters(ssl.getSSLParameters(), host));
            ssl.startHandshake();
            tlsReached = true;
            if (!NtsKeyExport.ALPN.equals(ssl.getApplicationProtocol())) {
                return failure("the server did not agree to ALPN " + NtsKeyExport.ALPN, true);
            }
            OutputStream out = ssl.getOutputStream();
            out.write(KeClientLogic.requestBytes());
            out.flush();
            KeDecodeResult.Message message = readMessage(ssl.getInputStream());
            return switch (KeClientLogic.read(message.records())) {
                case KeClientLogic.Response.Refused r -> failure(r.reason(), true);
                case KeClientLogic.Response.Accepted a -> accepted(a, keys(ssl.getSession(), a.aead()), keServer,
                        ntpPort, resolver);
            };
        } catch (MalformedResponse e) {
            return failure(e.getMessage(), true);
        } catch (IOException e) {
            boolean timedOut = expired.get() || e instanceof SocketTimeoutException;
            String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
            return failure(timedOut ? "no answer within " + limit + (connected ? "" : " (connect)")
                    : describe(e, host, keServer), tlsReached || connected && tlsAnswered(e));
        } finally {
            watchdog.cancel(false);
            close(raw);
        }
    }

    private static SSLParameters parameters(SSLParameters p, String host) {
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setApplicationProtocols(new String[] {NtsKeyExport.ALPN});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        List<SNIServerName> names = List.of();
        if (!isAddress(host)) {
            try {
                names = List.of(new SNIHostName(host));
            } catch (IllegalArgumentException e) {
                // not a name SNI can carry: none sent, the certificate is still checked against it
            }
        }
        p.setServerNames(names);
        return p;
    }

    /** Reads until End of Message; at most {@link KeCodec#MAX_MESSAGE_LENGTH} octets. */
    private static KeDecodeResult.Message readMessage(InputStream in) throws IOException {
        byte[] buf = new byte[KeCodec.MAX_MESSAGE_LENGTH];
        int len = 0;
        while (true) {
            switch (KeCodec.decodeMessage(buf, 0, len)) {
                case KeDecodeResult.Message m -> {
                    return m;
                }
                case KeDecodeResult.Rejected r -> throw new MalformedResponse("malformed NTS-KE response ("
                        + r.error().name().toLowerCase(java.util.Locale.ROOT) + " at octet " + r.offset() + ": "
                        + r.detail() + ")");
                case KeDecodeResult.Incomplete i -> {
                    int n = in.read(buf, len, buf.length - len);
                    if (n < 0) {
                        throw new MalformedResponse(len == 0 ? "the server closed the connection without a response"
                                : "the server closed the connection after " + len + " octets, before End of Message");
                    }
                    len += n;
                }
            }
        }
    }

    /** The association's keys, exported from the TLS session (RFC 8915 section 5.1). */
    private static NtsKeys keys(SSLSession session, AeadAlgorithm aead) throws IOException {
        return NtsKeyExport.derive(session, aead);
    }

    private static Outcome accepted(KeClientLogic.Response.Accepted a, NtsKeys keys, InetSocketAddress keServer,
            int ntpPort, Resolver resolver) {
        int port = a.port() > 0 ? a.port() : ntpPort;
        InetAddress address = keServer.getAddress();
        if (a.server() != null) {
            try {
                address = pick(isAddress(a.server()) ? new InetAddress[] {InetAddress.ofLiteral(a.server())}
                        : resolver.resolve(a.server()), keServer.getAddress());
            } catch (UnknownHostException | IllegalArgumentException e) {
                return failure("cannot resolve the NTP server " + a.server() + " that the response names: "
                        + e.getMessage(), true);
            }
        }
        return new Outcome(new NtsKeResult.Success(keys, a.cookies(), a.server(), a.port()),
                new InetSocketAddress(address, port));
    }

    /** The first address of the NTS-KE server's family, else the first. */
    private static InetAddress pick(InetAddress[] all, InetAddress like) throws UnknownHostException {
        if (all.length == 0) {
            throw new UnknownHostException("no address");
        }
        for (InetAddress a : all) {
            if (a.getClass() == like.getClass()) {
                return a;
            }
        }
        return all[0];
    }

    private static Outcome failure(String reason, boolean tlsReached) {
        return new Outcome(new NtsKeResult.Failure(reason, tlsReached), null);
    }

    /** Whether a failure came from the server's TLS answer rather than from the connection closing. */
    private static boolean tlsAnswered(IOException e) {
        return e instanceof SSLException && !(e.getCause() instanceof EOFException)
                && !(e.getCause() instanceof SocketException);
    }

    /** A reason an operator can act on. */
    static String describe(IOException e, String host, InetSocketAddress keServer) {
        String where = keServer.getAddress().getHostAddress() + " port " + keServer.getPort();
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + where + ": " + e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the server's certificate is not trusted (" + t.getMessage()
                        + "); give its certificate authority with ntstrustedcerts";
            }
            if (t instanceof CertificateException c && c.getMessage() != null
                    && (c.getMessage().startsWith("No subject alternative") || c.getMessage().startsWith("No name"))) {
                return "the server's certificate is not for " + host + " (" + c.getMessage() + ")";
            }
        }
        if (e instanceof SSLHandshakeException && String.valueOf(e.getMessage()).contains("application protocol")) {
            return "the server does not speak NTS-KE (ALPN " + NtsKeyExport.ALPN + "): " + e.getMessage();
        }
        return e.getClass().getSimpleName() + " with " + where + ": " + e.getMessage();
    }

    private static boolean isAddress(String s) {
        try {
            InetAddress.ofLiteral(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A response that is not an NTS-KE message jntp can read. */
    private static final class MalformedResponse extends IOException {
        MalformedResponse(String message) {
            super(message);
        }
    }
}
