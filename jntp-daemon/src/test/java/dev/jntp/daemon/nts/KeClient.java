// An NTS-KE client for tests: JSSE TLS 1.3 with ALPN ntske/1, sends records, reads the response and exports keys.
package dev.jntp.daemon.nts;

import dev.jntp.engine.nts.AeadAlgorithm;
import dev.jntp.engine.nts.NtsKeys;
import dev.jntp.proto.nts.KeCodec;
import dev.jntp.proto.nts.KeDecodeResult;
import dev.jntp.proto.nts.KeRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One NTS-KE exchange as a client does it. */
final class KeClient {

    /** What came back: the decode result of the response, the exported keys (for AEAD 15), and the time taken. */
    record Exchange(KeDecodeResult response, NtsKeys keys, long nanos, long handshakeNanos, long responseNanos) {
        List<KeRecord> records() {
            return ((KeDecodeResult.Message) response).records();
        }

        List<byte[]> cookies() {
            return records().stream().filter(r -> r instanceof KeRecord.NewCookie)
                    .map(r -> ((KeRecord.NewCookie) r).cookie()).toList();
        }
    }

    private KeClient() {}

    /** The request chronyd sends: Next Protocol [0], AEAD [15], End. */
    static final List<KeRecord> CHRONY_REQUEST = List.of(KeRecord.nextProtocol(0), KeRecord.aead(15), KeRecord.end());

    static Exchange exchange(SSLContext tls, InetSocketAddress server, byte[] request, String[] alpn)
            throws IOException {
        long start = System.nanoTime();
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            if (alpn != null) {
                p.setApplicationProtocols(alpn);
            }
            p.setServerNames(List.of(new SNIHostName("localhost")));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            long handshake = System.nanoTime() - start;
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int first = in.read();
            long firstOctet = System.nanoTime() - start;
            byte[] rest = readAll(in);
            byte[] response = new byte[first < 0 ? 0 : 1 + rest.length];
            if (first >= 0) {
                response[0] = (byte) first;
                System.arraycopy(rest, 0, response, 1, rest.length);
            }
            long nanos = System.nanoTime() - start;
            return new Exchange(KeCodec.decodeMessage(response, 0, response.length),
                    NtsKeyExport.derive(s.getSession(), AeadAlgorithm.AES_SIV_CMAC_256), nanos, handshake, firstOctet);
        }
    }

    static Exchange exchange(SSLContext tls, InetSocketAddress server) throws IOException {
        return exchange(tls, server, KeCodec.encode(CHRONY_REQUEST), new String[] {NtsKeyExport.ALPN});
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        int n;
        while ((n = in.read(b)) >= 0) {
            out.write(b, 0, n);
        }
        return out.toByteArray();
    }
}
