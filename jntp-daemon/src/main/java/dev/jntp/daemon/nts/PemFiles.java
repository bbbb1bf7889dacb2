// Reads the NTS server's certificate chain and private key from PEM files (ntsservercert, ntsserverkey).
package dev.jntp.daemon.nts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM as OpenSSL writes it (RFC 7468): a certificate file holds the server's certificate first,
 * then any intermediates; a key file holds one unencrypted private key, PKCS#8
 * ({@code BEGIN PRIVATE KEY}, what {@code openssl req -newkey} and {@code openssl genpkey} write)
 * or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}). Every failure is an IOException whose message
 * names the file and the fix.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    private static final int MAX_FILE = 1 << 20;
    /** DER of the PKCS#8 AlgorithmIdentifier for rsaEncryption with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {}

    /** The certificates of a PEM file, in file order (the server's own first). */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(file)) {
                if (b.label().equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(file + ": not a readable X.509 certificate (" + e.getMessage()
                    + "); check it with 'openssl x509 -in " + file + " -noout -text'", e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block; ntsservercert needs the server's"
                    + " certificate in PEM, then its intermediates");
        }
        return out;
    }

    /** The private key of a PEM file. */
    static PrivateKey privateKey(Path file) throws IOException {
        for (Block b : blocks(file)) {
            switch (b.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, b.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(file, wrapRsa(b.der()));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IOException(file + ": the key is encrypted; jntp needs it"
                        + " unencrypted (readable by jntp only): 'openssl pkey -in " + file + " -out KEY.pem'");
                case "EC PRIVATE KEY" -> throw new IOException(file + ": an SEC1 EC key; convert it to PKCS#8 with"
                        + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out KEY.pem'");
                default -> {
                    // other blocks (EC PARAMETERS, certificates) are skipped
                }
            }
        }
        throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block; ntsserverkey needs an unencrypted"
                + " private key in PEM");
    }

    /** Fails unless {@code key} is the private key of {@code certificate}'s public key. */
    static void checkPair(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile)
            throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new IOException(keyFile + ": " + key.getAlgorithm() + " keys are not supported for TLS");
        };
        try {
            byte[] probe = "jntp key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(certificate.getPublicKey());
            v.update(probe);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: reported below
        }
        throw new IOException(keyFile + " is not the private key of the certificate in " + certFile
                + "; give ntsserverkey and ntsservercert lines in matching pairs (if one was just renewed, "
                + "replace the other too)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IOException(file + ": not an RSA, EC or Ed25519 private key jntp can read; check it with "
                + "'openssl pkey -in " + file + " -noout -text'");
    }

    /** PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQUENCE { 0, rsaEncryption, OCTET STRING }. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(value, 0, out, 1 + length.length, n);
        return out;
    }

    private record Block(String label, byte[] der) {}

    private static List<Block> blocks(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + ": larger than 1 MiB, not a PEM certificate or key");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": broken base64 in a '" + m.group(1) + "' block", e);
            }
        }
        return out;
    }
}
