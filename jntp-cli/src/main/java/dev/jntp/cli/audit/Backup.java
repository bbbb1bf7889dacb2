// jntp's backups: a timestamped tar.gz of every file a remediation changes, with a manifest of what it creates.
package dev.jntp.cli.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A backup is {@code jntp-backup-YYYYMMDDTHHMMSSZ-NN.tar.gz}: the files as they were (paths relative to /, so
 * {@code tar xzf BACKUP -C /} restores them too) and, first, {@code .jntp-backup}, a manifest of tab-separated
 * lines: {@code jntp-backup 1}, then {@code file PATH MTIME} (the exact time, the tar header holding whole
 * seconds), {@code created PATH}, {@code created-link PATH}, {@code created-dir PATH}, {@code dir PATH MODE UID
 * GID} (a directory whose mode or owner changes). {@link #restore} puts the files back with their contents,
 * modes, owners and times, restores the directories, and removes what the remediation created; it reads the
 * backup as untrusted input and checks every path before it changes anything.
 */
final class Backup {

    /** The manifest's name in the archive. */
    static final String MANIFEST = ".jntp-backup";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Backup() {}

    /**
     * What a remediation is about to change, as host paths.
     *
     * @param files existing files it rewrites
     * @param createdFiles files it creates
     * @param createdLinks links it creates
     * @param createdDirs directories it creates, parents first
     * @param dirs existing directories whose mode or owner it changes, with what they have now
     */
    record Changes(List<String> files, List<String> createdFiles, List<String> createdLinks, List<String> createdDirs,
            Map<String, AtomicFiles.Meta> dirs) {}

    /** Writes the backup of {@code c} into {@code dir} (created if needed) and returns its path. */
    static Path create(HostRoot root, Changes c, Path dir, Instant now) throws IOException {
        List<Tar.Entry> entries = new ArrayList<>();
        StringBuilder manifest = new StringBuilder("jntp-backup\t1\n");
        for (String f : c.files()) {
            Path p = root.resolveForWrite(f);
            AtomicFiles.Meta m = AtomicFiles.Meta.of(p);
            entries.add(new Tar.Entry(f.substring(1), Files.readAllBytes(p), m.mode(), m.uid(), m.gid(),
                    m.mtime().getEpochSecond()));
            manifest.append("file\t").append(checked(f)).append('\t').append(m.mtime()).append('\n');
        }
        c.createdFiles().forEach(f -> manifest.append("created\t").append(checked(f)).append('\n'));
        c.createdLinks().forEach(f -> manifest.append("created-link\t").append(checked(f)).append('\n'));
        c.createdDirs().forEach(f -> manifest.append("created-dir\t").append(checked(f)).append('\n'));
        c.dirs().forEach((d, m) -> manifest.append("dir\t").append(checked(d)).append('\t')
                .append(Integer.toOctalString(m.mode())).append('\t').append(m.uid()).append('\t').append(m.gid())
                .append('\n'));
        entries.addFirst(new Tar.Entry(MANIFEST, manifest.toString().getBytes(StandardCharsets.UTF_8), 0600, 0, 0,
                now.getEpochSecond()));
        byte[] gz = Tar.gzip(Tar.write(entries));
        Files.createDirectories(dir);
        for (int n = 1; n < 100; n++) {
            Path out = dir.resolve(String.format("jntp-backup-%s-%02d.tar.gz", STAMP.format(now), n));
            try {
                Files.write(out, gz, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                Files.setAttribute(out, "unix:mode", 0600);
                AtomicFiles.syncDirectory(dir);
                return out;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another backup in the same second: the next number
            }
        }
        throw new IOException("too many backups in " + dir + " within one second");
    }

    /** The newest backup in {@code dir}, by name. */
    static Optional<Path> newest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("jntp-backup-[0-9]{8}T[0-9]{6}Z-[0-9]{2}\\.tar\\.gz"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private static String checked(String hostPath) {
        if (!hostPath.startsWith("/") || !HostRoot.normalise(hostPath).equals(hostPath)
                || hostPath.chars().anyMatch(ch -> ch < 0x20)) {
            throw new IllegalArgumentException("not a normalised absolute path: " + hostPath);
        }
        return hostPath;
    }

    /** A backup's contents, checked. */
    record Contents(Map<String, Tar.Entry> files, Map<String, Instant> mtimes, List<String> createdFiles,
            List<String> createdLinks, List<String> createdDirs, Map<String, AtomicFiles.Meta> dirs) {}

    /**
     * Reads a backup.
     *
     * @throws IOException with the reason when it is not a jntp backup or is damaged
     */
    static Contents read(byte[] gz) throws IOException {
        return contents(Tar.gunzip(gz));
    }

    /**
     * The contents of an uncompressed backup.
     *
     * @throws IOException with the reason when it is not a jntp backup
     */
    static Contents contents(byte[] tar) throws IOException {
        List<Tar.Entry> entries = switch (Tar.read(tar)) {
            case Tar.Result.Ok ok -> ok.entries();
            case Tar.Result.Bad bad -> throw new IOException(bad.reason());
        };
        if (entries.isEmpty() || !entries.getFirst().name().equals(MANIFEST)) {
            throw new IOException("no " + MANIFEST + " manifest first: not a jntp backup");
        }
        Map<String, Tar.Entry> files = new LinkedHashMap<>();
        for (Tar.Entry e : entries.subList(1, entries.size())) {
            if (files.put("/" + e.name(), e) != null || e.name().equals(MANIFEST)) {
                throw new IOException("the archive holds " + e.name() + " twice");
            }
        }
        Map<String, Instant> mtimes = new LinkedHashMap<>();
        List<String> created = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<String> dirsCreated = new ArrayList<>();
        Map<String, AtomicFiles.Meta> dirs = new LinkedHashMap<>();
        List<String> lines = new String(entries.getFirst().data(), StandardCharsets.UTF_8).lines().toList();
        if (lines.isEmpty() || !lines.getFirst().equals("jntp-backup\t1")) {
            throw new IOException("the manifest is not of version 1");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            String path = f.length > 1 ? f[1] : "";
            try {
                checked(path);
                switch (f[0]) {
                    case "file" -> {
                        if (f.length != 3 || !files.containsKey(path)) {
                            throw new IOException("manifest line without its file: " + line);
                        }
                        mtimes.put(path, Instant.parse(f[2]));
                    }
                    case "created" -> created.add(path);
                    case "created-link" -> links.add(path);
                    case "created-dir" -> dirsCreated.add(path);
                    case "dir" -> {
                        if (f.length != 5 || !f[2].matches("[0-7]{1,4}") || !f[3].matches("[0-9]{1,9}")
                                || !f[4].matches("[0-9]{1,9}")) {
                            throw new IOException("bad manifest line: " + line);
                        }
                        dirs.put(path, new AtomicFiles.Meta(Integer.parseInt(f[2], 8), Integer.parseInt(f[3]),
                                Integer.parseInt(f[4]), Instant.EPOCH));
                    }
                    default -> throw new IOException("unknown manifest line: " + line);
                }
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IOException("bad manifest line: " + line);
            }
        }
        for (String p : files.keySet()) {
            checked(p);
        }
        return new Contents(files, mtimes, created, links, dirsCreated, dirs);
    }

    /**
     * Restores a backup under {@code root}: every path is checked first, then links and files the remediation
     * created are removed, files are written back, directories get their mode and owner back, and directories
     * it created are removed when empty.
     *
     * @return one line per change made
     * @throws IOException when the backup is not valid or a path cannot be written safely (nothing changed then),
     *     or when a write fails midway (the message says which)
     */
    static List<String> restore(HostRoot root, Path backup) throws IOException {
        Contents c = read(Files.readAllBytes(backup));
        for (String p : c.files().keySet()) {
            root.resolveForWrite(p);
        }
        for (String p : concat(c.createdFiles(), c.createdDirs(), List.copyOf(c.dirs().keySet()))) {
            root.resolveForWrite(p);
        }
        for (String p : c.createdLinks()) {
            root.resolveForWrite(p.substring(0, Math.max(1, p.lastIndexOf('/'))));
        }
        List<String> done = new ArrayList<>();
        for (String p : c.createdLinks()) {
            Path l = root.resolve(p);
            if (Files.isSymbolicLink(l)) {
                Files.delete(l);
                done.add("removed link " + p);
            }
        }
        for (String p : c.createdFiles()) {
            Path f = root.resolve(p);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(f);
                done.add("removed " + p);
            }
        }
        for (Map.Entry<String, Tar.Entry> e : c.files().entrySet()) {
            Tar.Entry t = e.getValue();
            Instant mtime = c.mtimes().getOrDefault(e.getKey(), Instant.ofEpochSecond(t.mtime()));
            Path target = root.resolveForWrite(e.getKey());
            Files.createDirectories(target.getParent());
            AtomicFiles.write(target, t.data(), new AtomicFiles.Meta(t.mode(), t.uid(), t.gid(), mtime), t.mode());
            done.add("restored " + e.getKey() + String.format(" (mode %04o, owner %d:%d)", t.mode(), t.uid(), t.gid()));
        }
        for (Map.Entry<String, AtomicFiles.Meta> e : c.dirs().entrySet()) {
            Path d = root.resolve(e.getKey());
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                Files.setAttribute(d, "unix:mode", e.getValue().mode(), LinkOption.NOFOLLOW_LINKS);
                AtomicFiles.owner(d, e.getValue().uid(), e.getValue().gid());
                done.add("restored directory " + e.getKey() + String.format(" (mode %04o, owner %d:%d)",
                        e.getValue().mode(), e.getValue().uid(), e.getValue().gid()));
            }
        }
        List<String> dirs = new ArrayList<>(c.createdDirs());
        dirs.sort(Comparator.comparingInt(String::length).reversed());
        for (String p : dirs) {
            Path d = root.resolve(p);
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.list(d)) {
                    if (s.findAny().isPresent()) {
                        done.add("left " + p + ": not empty");
                        continue;
                    }
                }
                Files.delete(d);
                done.add("removed directory " + p);
            }
        }
        return done;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) {
            out.addAll(l);
        }
        return out;
    }
}
