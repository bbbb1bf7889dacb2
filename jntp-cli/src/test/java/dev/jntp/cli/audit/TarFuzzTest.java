// Fuzzes the backup reader: any bytes give entries or a reason (Tar.read), or an IOException (a backup's manifest).
package dev.jntp.cli.audit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithLength;
import java.io.IOException;

/**
 * Replays {@code TarFuzzTestInputs/readNeverThrows/} and {@code .../backupNeverThrows/} (uncompressed archives) in
 * every run; with {@code JAZZER_FUZZ=1} it fuzzes. A backup is input to rollback: nothing in it may crash the
 * reader or slip an unchecked path past it.
 */
class TarFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readNeverThrows(@NotNull @WithLength(max = 16384) byte[] tar) {
        switch (Tar.read(tar)) {
            case Tar.Result.Ok ok -> {
                for (Tar.Entry e : ok.entries()) {
                    check(!e.name().startsWith("/") && !e.name().contains("..") && e.name().equals(
                            HostRoot.normalise(e.name()).substring(1)), "names relative and normalised", e.name());
                    check(e.mode() >= 0 && e.mode() <= 07777 && e.uid() >= 0 && e.gid() >= 0, "fields in range", e);
                }
                check(Tar.read(Tar.write(ok.entries())).equals(ok), "what was read writes back the same", ok);
            }
            case Tar.Result.Bad bad -> check(!bad.reason().isBlank(), "a reason", bad);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void backupNeverThrows(@NotNull @WithLength(max = 16384) byte[] tar) {
        try {
            Backup.Contents c = Backup.contents(tar);
            for (String p : c.files().keySet()) {
                check(p.startsWith("/") && HostRoot.normalise(p).equals(p), "file paths normalised", p);
            }
            for (String p : c.createdFiles()) {
                check(p.startsWith("/") && HostRoot.normalise(p).equals(p), "created paths normalised", p);
            }
        } catch (IOException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank(), "a reason", e);
        }
    }

    private static void check(boolean ok, String property, Object subject) {
        if (!ok) {
            throw new AssertionError(property + ": " + subject);
        }
    }
}
