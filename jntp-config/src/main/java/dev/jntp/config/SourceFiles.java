// Reads the *.sources files of 'sourcedir' directories: server and pool lines, e.g. written by a DHCP client's hook.
package dev.jntp.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * chrony's {@code sourcedir} (chrony.conf(5)): every file named {@code *.sources} in the listed
 * directories holds {@code server} and {@code pool} lines with the options of the main file; a
 * file name found in two directories is read from the first only, and files are read in name
 * order. Unlike the main file, where one error stops the daemon, a bad line here is reported as
 * FILE:LINE and skipped, and the file's other lines are used: these files are written by
 * scripts at run time and a daemon already serving time must not stop over one. As in chrony,
 * every line must end with a newline; an unterminated last line (a file still being written) is
 * reported and left out. Files larger than 1 MiB or not UTF-8 are reported and skipped whole;
 * a directory that does not exist holds no sources (a network without DHCP servers).
 */
public final class SourceFiles {

    /** The suffix of the files read. */
    public static final String SUFFIX = ".sources";
    /** Files read per directory at most; the rest are reported. */
    static final int MAX_FILES = 1000;
    private static final int MAX_FILE_BYTES = 1 << 20;

    private SourceFiles() {}

    /** A server or pool line and the file it came from (its line number is in the spec). */
    public record Entry(String file, SourceSpec spec) {}

    /** The lines read and the problems found, each naming FILE:LINE. */
    public record Result(List<Entry> entries, List<ConfigError> errors) {
        public Result {
            entries = List.copyOf(entries);
            errors = List.copyOf(errors);
        }
    }

    /** Parses the text of one {@code .sources} file; never throws. */
    public static Result parse(String file, String text) {
        List<Entry> entries = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            List<String> words = ConfigParser.words(lines[i]);
            if (words.isEmpty()) {
                continue;
            }
            if (i == lines.length - 1) {
                errors.add(new ConfigError(file, line, "the last line does not end with a newline, so it is left out"
                        + " (the file may still be being written)", "end every line with a newline"));
                continue;
            }
            String directive = words.getFirst().toLowerCase(Locale.ROOT);
            Values v = new Values((message, fix) -> errors.add(new ConfigError(file, line, message, fix)), directive,
                    words.subList(1, words.size()));
            switch (directive) {
                case "server", "pool" -> SourceOptions.parse(v, directive.equals("pool") ? SourceSpec.Kind.POOL
                        : SourceSpec.Kind.SERVER, words.subList(1, words.size()), line)
                        .ifPresent(s -> entries.add(new Entry(file, s)));
                case "peer" -> v.error("'peer' is not supported by jntp (symmetric mode); the line is skipped",
                        "use 'server'");
                default -> v.error("'" + Values.printable(directive) + "' does not belong in a " + SUFFIX
                        + " file; the line is skipped", "write only server and pool lines here");
            }
        }
        return new Result(entries, errors);
    }

    /** Reads every {@code *.sources} file of {@code dirs} (see the class comment); never throws. */
    public static Result load(List<Path> dirs) {
        TreeMap<String, Path> files = new TreeMap<>();
        List<ConfigError> errors = new ArrayList<>();
        Set<Path> seenDirs = new HashSet<>();
        for (Path dir : dirs) {
            if (!seenDirs.add(dir)) {
                continue;
            }
            int count = 0;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path f : ds) {
                    if (++count > MAX_FILES) {
                        errors.add(new ConfigError(dir.toString(), 0, "more than " + MAX_FILES + " " + SUFFIX
                                + " files; the rest are not read", "remove old files"));
                        break;
                    }
                    files.putIfAbsent(f.getFileName().toString(), f);
                }
            } catch (NoSuchFileException e) {
                // no such directory: no sources from it
            } catch (IOException | SecurityException e) {
                errors.add(new ConfigError(dir.toString(), 0, "cannot list the source directory: " + e,
                        "check the path and its permissions"));
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (Path f : files.values()) {
            Result r = read(f);
            entries.addAll(r.entries());
            errors.addAll(r.errors());
        }
        return new Result(entries, errors);
    }

    private static Result read(Path f) {
        String name = f.toString();
        try {
            if (!Files.isRegularFile(f)) {
                return new Result(List.of(), List.of());
            }
            if (Files.size(f) > MAX_FILE_BYTES) {
                return failed(name, "file is larger than 1 MiB; it is not read", "list fewer sources in it");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
            return parse(name, text);
        } catch (CharacterCodingException e) {
            return failed(name, "file is not UTF-8 text; it is not read", "save the file as UTF-8");
        } catch (IOException | SecurityException e) {
            return failed(name, "cannot read the file: " + e, "check its permissions");
        }
    }

    private static Result failed(String file, String message, String fix) {
        return new Result(List.of(), List.of(new ConfigError(file, 0, message, fix)));
    }
}
