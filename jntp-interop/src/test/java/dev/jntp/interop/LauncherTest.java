// The two set-up paths a new user takes: bin/jntp (JDK discovery, --version) and the built-in default config.
package dev.jntp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jntp.daemon.QueryClient;
import dev.jntp.engine.query.QueryOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    /** The repository root (surefire runs in the module directory). */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void binJntpVersion_withoutJavaHome_printsVersion() {
        Tools.Run r = Tools.run(Duration.ofMinutes(5), "env", "-u", "JAVA_HOME", ROOT.resolve("bin/jntp").toString(),
                "--version");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.stdout()).startsWith("jntp 0.").contains("Java 25");
    }

    @Test
    void findJdk_noJdk25Anywhere_explainsWhatToInstall(@TempDir Path emptyJvmDir) {
        Tools.Run r = findJdk("JAVA_HOME=/nonexistent", "JNTP_JVM_DIR=" + emptyJvmDir);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).contains("no JDK 25 or newer found").contains("install a JDK 25")
                .contains("set JAVA_HOME");
    }

    @Test
    void findJdk_javaHomeIsOld_findsJdk25UnderUsrLibJvm() {
        Tools.Run r = findJdk("JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(Files.isExecutable(Path.of(r.stdout().strip(), "bin", "java"))).isTrue();
        assertThat(r.stdout()).doesNotContain("java-17");
    }

    private static Tools.Run findJdk(String... env) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "-u", "JAVA_HOME"));
        cmd.addAll(List.of(env));
        cmd.addAll(List.of("bash", "-c", ". \"$0\"; find_jdk", ROOT.resolve("bin/lib/jdk.sh").toString()));
        return Tools.run(Duration.ofSeconds(30), cmd);
    }

    @Test
    void daemonWithoutConfig_builtInDefault_servesLocalClockOnLoopbackAndStopsOnSigint() throws IOException {
        assumeFalse(Files.exists(Path.of("/etc/jntp/jntp.conf")), "/etc/jntp/jntp.conf exists on this host");
        try (JntpProcess jntp = JntpProcess.startWith(null, "daemon")) {
            assertThat(jntp.log()).contains("built-in default configuration").contains("offline")
                    .contains("unprivileged");
            QueryClient client = new QueryClient(new SplittableRandom(1));
            for (String addr : List.of("127.0.0.1", "::1")) {
                QueryClient.Result r = client.exchange(new InetSocketAddress(InetAddress.ofLiteral(addr), 11123), 4,
                        2000);
                assertThat(r.outcome()).as("%s: %s", addr, r).isInstanceOf(QueryOutcome.Answered.class);
                assertThat(((QueryOutcome.Answered) r.outcome()).sample().stratum()).isEqualTo(10);
            }
            jntp.stopAndCheck("INT");
        }
    }
}
