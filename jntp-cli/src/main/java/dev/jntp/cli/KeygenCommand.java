// 'jntp keygen': prints a random symmetric key as a key file line, as chronyc keygen does.
package dev.jntp.cli;

import dev.jntp.proto.KeyType;
import dev.jntp.proto.SymmetricKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * chronyc's {@code keygen [ID [TYPE [BITS]]]}: ID 1, type SHA1 and 160 bits unless given; a cipher's
 * key has the cipher's size. The line ({@code ID TYPE HEX:...}) goes to stdout, for the key files of
 * both ends; the random octets come from {@link SecureRandom}. Unlike chronyc, which clamps the
 * size, a size below 80 or above 4096 bits is an error.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Print a random symmetric key as a line of a key file (chronyc keygen).",
            "Example: jntp keygen 1 SHA256 256 >> /etc/jntp/jntp.keys (the same line goes into the other end's file)."})
final class KeygenCommand implements Callable<Integer> {

    static final int MIN_BITS = 80;
    static final int MAX_BITS = 4096;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", defaultValue = "1",
            description = "key id, 1 to 4294967295 (default: ${DEFAULT-VALUE})")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TYPE", defaultValue = "SHA1",
            description = "MD5, SHA1, SHA256, SHA384, SHA512, SHA3-224, SHA3-256, SHA3-384, SHA3-512, AES128 or "
                    + "AES256 (default: ${DEFAULT-VALUE})")
    String type;

    @Parameters(index = "2", arity = "0..1", paramLabel = "BITS",
            description = "key size for a hash type, " + MIN_BITS + " to " + MAX_BITS + " (default: 160); "
                    + "a cipher's key has its own size")
    Integer bits;

    @Override
    public Integer call() {
        long keyId = keyId();
        KeyType t = KeyType.ofFileName(type.toUpperCase(Locale.ROOT)).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "unknown key type '" + type + "'; use one of " + String.join(", ",
                        Arrays.stream(KeyType.values()).map(KeyType::fileName).toList())));
        int length;
        if (t.isCipher()) {
            if (bits != null && bits != t.cipherKeyLength() * 8) {
                throw new ParameterException(spec.commandLine(), t.fileName() + " keys have "
                        + t.cipherKeyLength() * 8 + " bits, not " + bits + "; leave BITS out");
            }
            length = t.cipherKeyLength();
        } else {
            int b = bits == null ? 160 : bits;
            if (b < MIN_BITS || b > MAX_BITS) {
                throw new ParameterException(spec.commandLine(), "BITS must be " + MIN_BITS + " to " + MAX_BITS
                        + ", got " + b);
            }
            length = (b + 7) / 8;
        }
        byte[] secret = new byte[length];
        new SecureRandom().nextBytes(secret);
        SymmetricKey key = new SymmetricKey(keyId, t, secret);
        System.out.println(key.id() + " " + t.fileName() + " HEX:" + HexFormat.of().withUpperCase().formatHex(secret));
        Arrays.fill(secret, (byte) 0);
        return 0;
    }

    private long keyId() {
        if (id.matches("[0-9]{1,10}")) {
            long v = Long.parseLong(id);
            if (v >= 1 && v <= SymmetricKey.MAX_ID) {
                return v;
            }
        }
        throw new ParameterException(spec.commandLine(), "ID must be a number from 1 to " + SymmetricKey.MAX_ID
                + ", got '" + id + "'");
    }
}
