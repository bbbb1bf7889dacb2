// Turns a remediation plan into concrete changes under the root, shows them, and carries them out.
package dev.jntp.cli.audit;

import dev.jntp.cli.TextFiles;
import dev.jntp.config.audit.RemediationPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files, directories and links a plan changes, found under the root: existing files get their mode and
 * owner kept; new files, directories and links are recorded as created so that a rollback removes them;
 * enabling a unit makes the links its [Install] section asks for, as {@code systemctl enable} does.
 */
final class RemediationWork {

    /** One file written: its old bytes (null: new), new bytes, and the mode of a new file. */
    record FileChange(String path, byte[] before, byte[] after, int newMode) {}

    /** A directory to make or fix: the mode and owner it gets (uid -1: leave the owner). */
    record DirChange(String path, int mode, int uid, int gid, boolean create) {}

    /** A link to make. */
    record Link(String path, String target) {}

    final HostRoot root;
    final List<FileChange> files = new ArrayList<>();
    final List<String> createdDirs = new ArrayList<>();
    final List<DirChange> dirs = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    final List<String> manual = new ArrayList<>();

    private RemediationWork(HostRoot root) {
        this.root = root;
    }

    /** The concrete changes of {@code plan} for the configuration {@code t}. */
    static RemediationWork of(AuditTarget t, RemediationPlan plan) throws IOException {
        RemediationWork w = new RemediationWork(t.root());
        if (!plan.newConfig().equals(t.text())) {
            w.files.add(new FileChange(t.hostPath(), t.text().getBytes(StandardCharsets.UTF_8),
                    plan.newConfig().getBytes(StandardCharsets.UTF_8), 0644));
        }
        for (RemediationPlan.Action a : plan.actions()) {
            switch (a) {
                case RemediationPlan.WriteFile f -> w.writeFile(f);
                case RemediationPlan.EnsureDirectory d -> w.ensureDirectory(d);
                case RemediationPlan.EnableUnit u -> w.enableUnit(u.path());
            }
        }
        return w;
    }

    private void writeFile(RemediationPlan.WriteFile f) throws IOException {
        Path p = root.resolveForWrite(f.path());
        byte[] after = f.text().getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] before = Files.readAllBytes(p);
            if (!java.util.Arrays.equals(before, after)) {
                files.add(new FileChange(f.path(), before, after, f.mode()));
            }
        } else {
            parents(f.path());
            files.add(new FileChange(f.path(), null, after, f.mode()));
        }
    }

    private void ensureDirectory(RemediationPlan.EnsureDirectory d) throws IOException {
        Optional<HostProbes.Account> user = HostProbes.Account.find(root, d.users());
        int uid = user.map(HostProbes.Account::uid).orElse(-1);
        int gid = user.map(a -> a.groups().getFirst()).orElse(-1);
        Path p = root.resolveForWrite(d.path());
        boolean create = !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (create) {
            parents(d.path());
            createdDirs.add(d.path());
        }
        dirs.add(new DirChange(d.path(), d.mode(), uid, gid, create));
        if (user.isEmpty()) {
            manual.add("LOG-DIR: no " + String.join(" or ", d.users()) + " user in /etc/passwd: give " + d.path()
                    + " to the daemon's user");
        }
    }

    private void enableUnit(String unit) throws IOException {
        for (String dir : HostProbes.UNIT_DIRS) {
            Path file = root.resolve(dir + "/" + unit);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> targets = wantedBy(TextFiles.tryRead(file).orElse(""));
            if (targets.isEmpty()) {
                manual.add("BOOT-SYNC: " + unit + " has no [Install] section: start it from another unit");
                return;
            }
            for (String target : targets) {
                String link = "/etc/systemd/system/" + target + ".wants/" + unit;
                if (!Files.exists(root.resolveForWrite(link), LinkOption.NOFOLLOW_LINKS)) {
                    parents(link);
                    links.add(new Link(link, dir + "/" + unit));
                }
            }
            return;
        }
        manual.add("BOOT-SYNC: " + unit + " is not installed");
    }

    /** The units of WantedBy= and RequiredBy= in the [Install] section (systemd.unit(5)). */
    static List<String> wantedBy(String unitFile) {
        List<String> out = new ArrayList<>();
        boolean install = false;
        for (String raw : unitFile.lines().toList()) {
            String l = raw.strip();
            if (l.startsWith("[")) {
                install = l.equals("[Install]");
            } else if (install && (l.startsWith("WantedBy=") || l.startsWith("RequiredBy="))) {
                for (String u : l.substring(l.indexOf('=') + 1).split("\\s+")) {
                    if (u.matches("[A-Za-z0-9@._:-]+\\.target")) {
                        out.add(u);
                    }
                }
            }
        }
        return out;
    }

    /** Records the missing directories above a host path, outermost first. */
    private void parents(String hostPath) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String p = parent(hostPath); !p.equals("/"); p = parent(p)) {
            if (Files.isDirectory(root.resolveForWrite(p), LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
            missing.addFirst(p);
        }
        missing.stream().filter(p -> !createdDirs.contains(p)).forEach(createdDirs::add);
    }

    private static String parent(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash <= 0 ? "/" : hostPath.substring(0, slash);
    }

    /** Whether there is nothing to do. */
    boolean isEmpty() {
        return files.isEmpty() && dirs.isEmpty() && links.isEmpty();
    }

    /** The diff of every file, then the other changes, as shown before applying. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (FileChange f : files) {
            sb.append(UnifiedDiff.of(f.path(), f.before() == null ? "" : new String(f.before(), StandardCharsets.UTF_8),
                    new String(f.after(), StandardCharsets.UTF_8)));
        }
        for (String d : createdDirs) {
            if (dirs.stream().noneMatch(x -> x.path().equals(d))) {
                sb.append("mkdir ").append(d).append('\n');
            }
        }
        for (DirChange d : dirs) {
            sb.append(d.create() ? "mkdir " : "chmod/chown ").append(d.path()).append(String.format(" (mode %04o", d.mode()))
                    .append(d.uid() < 0 ? "" : ", owner " + d.uid() + ":" + d.gid()).append(")\n");
        }
        for (Link l : links) {
            sb.append("ln -s ").append(l.target()).append(' ').append(l.path()).append('\n');
        }
        return sb.toString();
    }

    /** What the backup must hold to undo this. */
    Backup.Changes changes() throws IOException {
        Map<String, AtomicFiles.Meta> dirMetas = new LinkedHashMap<>();
        for (DirChange d : dirs) {
            if (!d.create()) {
                dirMetas.put(d.path(), AtomicFiles.Meta.of(root.resolveForWrite(d.path())));
            }
        }
        return new Backup.Changes(files.stream().filter(f -> f.before() != null).map(FileChange::path).toList(),
                files.stream().filter(f -> f.before() == null).map(FileChange::path).toList(),
                links.stream().map(Link::path).toList(), List.copyOf(createdDirs), dirMetas);
    }

    /** Makes the changes: directories, files (atomically, keeping mode and owner), directory owners, links. */
    void apply() throws IOException {
        for (String d : createdDirs) {
            Path p = root.resolveForWrite(d);
            Files.createDirectory(p);
            Files.setAttribute(p, "unix:mode", 0755);
        }
        for (FileChange f : files) {
            Path p = root.resolveForWrite(f.path());
            AtomicFiles.Meta meta = f.before() == null ? null : AtomicFiles.Meta.of(p);
            AtomicFiles.write(p, f.after(), meta == null ? null
                    : new AtomicFiles.Meta(meta.mode(), meta.uid(), meta.gid(), Instant.now()), f.newMode());
        }
        for (DirChange d : dirs) {
            Path p = root.resolveForWrite(d.path());
            Files.setAttribute(p, "unix:mode", d.mode(), LinkOption.NOFOLLOW_LINKS);
            if (d.uid() >= 0) {
                AtomicFiles.owner(p, d.uid(), d.gid());
            }
        }
        for (Link l : links) {
            Files.createSymbolicLink(root.resolveForWrite(l.path()), Path.of(l.target()));
        }
    }
}
