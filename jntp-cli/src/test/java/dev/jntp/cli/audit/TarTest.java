// Tests the ustar writer and reader: round trips, GNU tar reading ours and ours reading GNU tar's, every refusal.
package dev.jntp.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarTest {

    static final Tar.Entry CONF = new Tar.Entry("etc/chrony.conf", "server a iburst\n".getBytes(StandardCharsets.UTF_8),
            0640, 0, 123, 1_769_548_084L);
    static final Tar.Entry LONG = new Tar.Entry("var/lib/" + "d".repeat(120) + "/" + "f".repeat(90), new byte[1025],
            0600, 4242, 4343, 0);

    static Tar.Entry only(Tar.Result r) {
        return ((Tar.Result.Ok) r).entries().getFirst();
    }

    @Test
    void writeThenRead_entriesComeBackExactly() {
        List<Tar.Entry> entries = List.of(CONF, LONG, new Tar.Entry("empty", new byte[0], 0, 0, 0, 0));

        byte[] tar = Tar.write(entries);

        assertThat(tar.length % 512).isZero();
        assertThat(Tar.read(tar)).isEqualTo(new Tar.Result.Ok(entries));
    }

    @Test
    void gzip_roundTripAndGarbageRefused() throws IOException {
        byte[] tar = Tar.write(List.of(CONF));
        assertThat(Tar.gunzip(Tar.gzip(tar))).isEqualTo(tar);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tar.gunzip("not gzip".getBytes()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("not a gzip file");
    }

    @Test
    void gnuTar_readsOursAndWeReadTheirs(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
                "GNU tar not installed");
        Path ours = dir.resolve("ours.tar");
        Files.write(ours, Tar.write(List.of(CONF, LONG)));
        String listing = run(dir, "tar", "--numeric-owner", "-tvf", ours.toString());
        assertThat(listing).contains("-rw-r----- 0/123", "etc/chrony.conf", "-rw------- 4242/4343", "f".repeat(90));

        Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(dir.resolve("src/etc/ntp.conf"), "server b\n");
        run(dir, "tar", "--format=ustar", "-cf", dir.resolve("theirs.tar").toString(), "-C", dir.resolve("src")
                .toString(), "etc/ntp.conf");
        Tar.Entry e = only(Tar.read(Files.readAllBytes(dir.resolve("theirs.tar"))));
        assertThat(e.name()).isEqualTo("etc/ntp.conf");
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("server b\n");
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Our archive of CONF with header bytes changed and the checksum made right again. */
    private static byte[] patched(int at, byte[] bytes) {
        return patch(Tar.write(List.of(CONF)), 0, at, bytes);
    }

    /** {@code tar} with {@code bytes} written at {@code at} in the header at {@code header}, its checksum fixed. */
    static byte[] patch(byte[] tar, int header, int at, byte[] bytes) {
        byte[] out = tar.clone();
        System.arraycopy(bytes, 0, out, header + at, bytes.length);
        Arrays.fill(out, header + 148, header + 156, (byte) ' ');
        long sum = 0;
        for (int i = header; i < header + 512; i++) {
            sum += out[i] & 0xFF;
        }
        byte[] ck = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ck, 0, out, header + 148, 8);
        return out;
    }

    private static String refusal(byte[] tar) {
        return ((Tar.Result.Bad) Tar.read(tar)).reason();
    }

    @Test
    void read_hostileOrDamagedArchives_areRefusedWithTheReason() {
        byte[] good = Tar.write(List.of(CONF));
        byte[] badSum = good.clone();
        badSum[0] = 'x';
        assertThat(refusal(badSum)).isEqualTo("bad header checksum at byte 0");
        assertThat(refusal(patched(0, "/etc/passwd\0".getBytes()))).contains("not a relative, normalised");
        assertThat(refusal(patched(0, "etc/../../x\0".getBytes()))).contains("not a relative, normalised");
        assertThat(refusal(patched(0, "./etc/x\0\0\0\0".getBytes()))).contains("not a relative, normalised");
        assertThat(refusal(patched(0, new byte[] {'e', (byte) 0xC3, 0}))).contains("not a relative");
        assertThat(refusal(patched(156, new byte[] {'2'}))).isEqualTo("entry at byte 0 is not a regular file (type '2')");
        assertThat(refusal(patched(156, new byte[] {'5'}))).contains("not a regular file");
        assertThat(refusal(patched(257, "gnutar".getBytes()))).isEqualTo("not a ustar header at byte 0");
        assertThat(refusal(patched(124, "77777777777\0".getBytes()))).startsWith("bad size of etc/chrony.conf");
        assertThat(refusal(patched(100, "0009999\0".getBytes()))).startsWith("bad mode");
        assertThat(refusal(Arrays.copyOf(good, 700))).isEqualTo("the archive ends inside a header at byte 1024");
        assertThat(refusal(Arrays.copyOf(Tar.write(List.of(LONG)), 1200))).startsWith("bad size of var/lib/");
        assertThat(refusal(Arrays.copyOf(good, 100))).isEqualTo("the archive ends inside a header at byte 0");
        assertThat(refusal(new byte[0])).isEqualTo("the archive ends inside a header at byte 0");
    }

    @Test
    void write_valuesThatDoNotFit_areRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tar.write(List.of(new Tar.Entry("x", new byte[0],
                0644, Integer.MAX_VALUE, 0, 0)))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tar.write(List.of(new Tar.Entry("x".repeat(300),
                new byte[0], 0644, 0, 0, 0)))).isInstanceOf(IllegalArgumentException.class);
    }
}
