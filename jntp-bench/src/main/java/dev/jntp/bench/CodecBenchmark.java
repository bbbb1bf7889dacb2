// JMH benchmarks of the wire codec: decoding client requests and encoding server replies.
package dev.jntp.bench;

import dev.jntp.proto.DecodeResult;
import dev.jntp.proto.NtpCodec;
import dev.jntp.proto.NtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost per packet of {@link NtpCodec}. Every benchmark returns what it computed (JMH sinks the
 * return value in a Blackhole), and the inputs are non-final state fields, so the JIT can
 * neither drop the work nor fold it into a constant.
 */
public class CodecBenchmark extends PerPacketBenchmark {

    private byte[] clientRequest;
    private byte[] requestWithExtensionsAndMac;
    private NtpPacket serverReply;
    private byte[] out;

    @Setup
    public void setUp() {
        clientRequest = BenchPackets.clientRequest();
        requestWithExtensionsAndMac = BenchPackets.requestWithExtensionsAndMac();
        serverReply = BenchPackets.serverReply();
        out = new byte[serverReply.encodedLength()];
        expectDecoded(NtpCodec.decode(clientRequest));
        expectDecoded(NtpCodec.decode(requestWithExtensionsAndMac));
    }

    private static void expectDecoded(DecodeResult r) {
        if (!(r instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("benchmark input does not decode: " + r);
        }
    }

    /** A 48-octet NTPv4 client request into a record. */
    @Benchmark
    public DecodeResult decodeClientRequest() {
        return NtpCodec.decode(clientRequest, 0, clientRequest.length);
    }

    /** A 212-octet request: two extension fields (unique identifier, cookie) and a 24-octet MAC. */
    @Benchmark
    public DecodeResult decodeExtensionsAndMac() {
        return NtpCodec.decode(requestWithExtensionsAndMac, 0, requestWithExtensionsAndMac.length);
    }

    /** A server reply record into a new 48-octet array. */
    @Benchmark
    public byte[] encodeServerReply() {
        return NtpCodec.encode(serverReply);
    }

    /** A server reply record into a reused array (the array is state, so the writes escape). */
    @Benchmark
    public int encodeServerReplyInto() {
        return NtpCodec.encodeInto(serverReply, out, 0);
    }
}
