// Reads configuration files for the commands that read other programs' configs: bounded, strict UTF-8, never throws.
package dev.jntp.cli;

import dev.jntp.config.convert.Includes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A file's text, or why it cannot be had; and {@link Includes} over the file system. */
public final class TextFiles {

    /** Largest file read. */
    static final long MAX_BYTES = 1 << 20;

    private TextFiles() {}

    /** The text, or a one-line reason in the exception. */
    public static String read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than 1 MiB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
    }

    /** The text, or empty when it cannot be read. */
    public static Optional<String> tryRead(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Includes read from the file system, each absolute path mapped by {@code where} (to a root, or as it is). */
    public static Includes includes(UnaryOperator<Path> where) {
        return new Includes() {
            @Override
            public Optional<String> read(String path) {
                return tryRead(where.apply(Path.of(path)));
            }

            @Override
            public List<String> list(String dir, String suffix) {
                try (Stream<Path> s = Files.list(where.apply(Path.of(dir)))) {
                    return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).sorted()
                            .map(n -> Path.of(dir).resolve(n).toString()).toList();
                } catch (IOException | RuntimeException e) {
                    return List.of();
                }
            }
        };
    }
}
