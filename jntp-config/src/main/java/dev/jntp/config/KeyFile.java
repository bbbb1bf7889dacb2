// Reads a symmetric key file in chrony's format ('keyfile'): ID [TYPE] KEY lines, each checked, errors as FILE:LINE.
package dev.jntp.config;

import dev.jntp.proto.KeyType;
import dev.jntp.proto.SymmetricKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key file of chrony.conf(5)'s {@code keyfile}, read as chronyd's keys.c reads it, and stricter
 * where chronyd would only log and skip: every problem is an error naming FILE:LINE and the fix.
 *
 * <ul>
 *   <li>A line is {@code ID KEY} (type MD5) or {@code ID TYPE KEY}, words separated by white space.
 *       Blank lines and lines whose first visible character is one of {@code # ! ; %} are comments.
 *   <li>ID: 1 to 4294967295, decimal. TYPE: MD5, SHA1, SHA256, SHA384, SHA512, SHA3-224,
 *       SHA3-256, SHA3-384, SHA3-512 (hash functions) or AES128, AES256 (CMAC), in capitals as
 *       chrony compares them.
 *   <li>KEY: {@code HEX:} then pairs of hex digits; {@code ASCII:} then the characters; or the
 *       characters alone. The prefixes are case-sensitive, as in chrony: {@code hex:00} is the
 *       ASCII key "hex:00". A cipher's key has exactly its size (128 or 256 bits).
 *   <li>The file is read as bytes (ISO-8859-1), so an ASCII key is the same octets chrony reads.
 *       Lines longer than 2047 characters are refused, since chrony cannot read them.
 *   <li>Keys shorter than 80 bits are accepted with a warning (chrony warns about them too).
 * </ul>
 * Messages never quote key material: a key file is secret, and errors go to logs.
 */
public final class KeyFile {

    /** Where jntp's key file usually is: a bare {@code keyfile} line names it. */
    public static final Path DEFAULT_PATH = Path.of("/etc/jntp/jntp.keys");
    /** chrony reads lines of at most this many characters. */
    static final int MAX_LINE = 2047;
    private static final int MAX_FILE_BYTES = 1 << 20;
    private static final String EXAMPLE = "e.g. '1 SHA256 HEX:' and 64 hex digits ('jntp keygen 1 SHA256 256' prints one)";

    private KeyFile() {}

    /**
     * The keys read, the errors (the file is unusable while there are any) and the warnings.
     *
     * @param keys the keys, in file order
     * @param errors problems that make a line unusable, each at its FILE:LINE
     * @param warnings keys that work but are weak, each at its FILE:LINE
     */
    public record Result(List<SymmetricKey> keys, List<ConfigError> errors, List<ConfigError> warnings) {
        public Result {
            keys = List.copyOf(keys);
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads and parses a key file; an unreadable file gives one error at line 0. Never throws. */
    public static Result load(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return failed(name, "the key file is larger than 1 MiB", "check that 'keyfile' names the key file");
            }
            return parse(name, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return failed(name, "the key file does not exist", "create it, e.g. 'jntp keygen 1 SHA256 256 > " + name
                    + "' then 'chmod 600 " + name + "', or remove the keyfile line");
        } catch (IOException | SecurityException e) {
            return failed(name, "cannot read the key file: " + e, "check the path and its permissions");
        }
    }

    /**
     * One line naming the file and the chmod that fixes it when group or others may read or write
     * it, else empty (also when the file system has no POSIX permissions).
     */
    public static Optional<String> permissionWarning(Path file) {
        Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
        boolean read = p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        boolean write = p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE);
        if (!read && !write) {
            return Optional.empty();
        }
        return Optional.of("the key file " + file + " is " + (read && write ? "readable and writable"
                : read ? "readable" : "writable") + " by group or others, who can then forge or read this "
                + "server's authenticated time; fix: chmod 600 " + file);
    }

    /** Parses key file text whose characters are the file's octets (ISO-8859-1); never throws. */
    public static Result parse(String file, String text) {
        List<SymmetricKey> keys = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigError> warnings = new ArrayList<>();
        Map<Long, Integer> firstLine = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            Values.Sink sink = (message, fix) -> errors.add(new ConfigError(file, line, message, fix));
            if (lines[i].length() > MAX_LINE) {
                sink.error("the line has " + lines[i].length() + " characters; chrony reads at most " + MAX_LINE,
                        "use a shorter key: 256 bits are plenty");
                continue;
            }
            String[] words = words(lines[i]);
            if (words.length == 0) {
                continue;
            }
            SymmetricKey k = key(words, sink);
            if (k == null) {
                continue;
            }
            Integer first = firstLine.putIfAbsent(k.id(), line);
            if (first != null) {
                sink.error("key " + k.id() + " is given again (first on line " + first + ")",
                        "give each key its own id");
                continue;
            }
            keys.add(k);
            if (k.isShort()) {
                warnings.add(new ConfigError(file, line, "key " + k.id() + " has only " + k.length() * 8
                        + " bits; keys under 80 bits are weak (chrony warns too)",
                        "replace it with a longer one, e.g. 'jntp keygen " + k.id() + " " + k.type().fileName()
                                + " 160'"));
            }
        }
        return new Result(keys, errors, warnings);
    }

    /** The words of a line as chrony splits it (C isspace), or none for a blank or comment line. */
    private static String[] words(String line) {
        String t = line.replaceAll("^[ \t\n\u000B\f\r]+", "");
        if (t.isEmpty() || "#!;%".indexOf(t.charAt(0)) >= 0) {
            return new String[0];
        }
        return t.split("[ \t\n\u000B\f\r]+");
    }

    /** The key of one line's words, or null after reporting. */
    private static SymmetricKey key(String[] words, Values.Sink sink) {
        if (words.length < 2 || words.length > 3) {
            sink.error("a key line has an ID, an optional type and the key, separated by blanks; this one has "
                    + words.length + " words", "write ID TYPE KEY, " + EXAMPLE);
            return null;
        }
        long id = id(words[0]);
        if (id < 0) {
            sink.error("the line does not start with a key id, a number from 1 to " + SymmetricKey.MAX_ID
                    + " (the word is not shown: it may be secret)", "start the line with the key's id, " + EXAMPLE);
            return null;
        }
        KeyType type = KeyType.MD5;
        if (words.length == 3) {
            Optional<KeyType> t = KeyType.ofFileName(words[1]);
            if (t.isEmpty()) {
                typeError(id, words[1], sink);
                return null;
            }
            type = t.get();
        }
        byte[] secret = secret(id, words[words.length - 1], sink);
        if (secret == null) {
            return null;
        }
        if (type.isCipher() && secret.length != type.cipherKeyLength()) {
            sink.error("key " + id + " of type " + type.fileName() + " has " + secret.length * 8 + " bits; "
                    + type.fileName() + " needs exactly " + type.cipherKeyLength() * 8 + " (" + type.cipherKeyLength() * 2
                    + " hex digits after HEX:)", "generate one with 'jntp keygen " + id + " " + type.fileName() + "'");
            return null;
        }
        return new SymmetricKey(id, type, secret);
    }

    private static long id(String text) {
        if (!text.matches("[0-9]{1,10}")) {
            return -1;
        }
        long id = Long.parseLong(text);
        return id >= 1 && id <= SymmetricKey.MAX_ID ? id : -1;
    }

    private static void typeError(long id, String word, Values.Sink sink) {
        String upper = word.toUpperCase(Locale.ROOT);
        List<String> names = java.util.Arrays.stream(KeyType.values()).map(KeyType::fileName).toList();
        if (KeyType.ofFileName(upper).isPresent()) {
            sink.error("key " + id + ": type '" + word + "' must be in capitals, as chrony reads it",
                    "write " + upper);
        } else if (upper.equals("TIGER") || upper.equals("WHIRLPOOL")) {
            sink.error("key " + id + ": type " + upper + " is not supported by jntp",
                    "use one of " + String.join(", ", names) + " (AES128 is RFC 8573's choice)");
        } else {
            // A short name is shown; anything else may be a key written in the wrong place.
            String shown = word.length() <= 10 && word.matches("[A-Za-z0-9-]+") ? " '" + word + "'" : "";
            sink.error("key " + id + ": unknown type" + shown, "use one of " + String.join(", ", names));
        }
    }

    /** The octets of a KEY word, or null after reporting (never quoting the word: it is secret). */
    private static byte[] secret(long id, String word, Values.Sink sink) {
        if (word.startsWith("HEX:")) {
            String hex = word.substring(4);
            if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(KeyFile::isHexDigit)) {
                sink.error("key " + id + ": HEX: must be followed by pairs of hexadecimal digits (0-9, A-F)",
                        "write the key again, " + EXAMPLE);
                return null;
            }
            return HexFormat.of().parseHex(hex);
        }
        String ascii = word.startsWith("ASCII:") ? word.substring(6) : word;
        if (ascii.isEmpty()) {
            sink.error("key " + id + " is empty after ASCII:", "write the key after ASCII:, or " + EXAMPLE);
            return null;
        }
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static Result failed(String file, String message, String fix) {
        return new Result(List.of(), List.of(new ConfigError(file, 0, message, fix)), List.of());
    }
}
