// 'jntp config check' and 'jntp config import': validate a jntp.conf, convert an ntp.conf or chrony.conf to one.
package dev.jntp.cli;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.EffectiveConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code config} command group. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a jntp.conf, or convert an ntp.conf or chrony.conf into one.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code jntp config check [FILE]}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Validate a jntp.conf (chrony.conf syntax) and print the configuration in effect, as "
                    + "'chronyd -p': the file's directives, then the defaults it leaves in force.",
                "Errors go to stderr as FILE:LINE: what is wrong (fix: what to write); a chrony directive jntp does "
                        + "not implement is named with what to do instead.",
                "Without FILE: " + DaemonCommand.DEFAULT_CONFIG + ", or the built-in default when that does not "
                        + "exist. Exit status: 0 valid, 1 errors, 2 usage."})
    static final class Check implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "the configuration file")
        Path file;

        @Override
        public Integer call() throws IOException {
            Path f = file != null ? file
                    : Files.exists(Path.of(DaemonCommand.DEFAULT_CONFIG)) ? Path.of(DaemonCommand.DEFAULT_CONFIG) : null;
            if (f == null) {
                System.out.print(EffectiveConfig.print(ConfigParser.builtInDefaultText(), ConfigParser.builtInDefault()));
                System.err.println("jntp config check: no " + DaemonCommand.DEFAULT_CONFIG
                        + ": the daemon would run the built-in default shown");
                return 0;
            }
            return switch (ConfigParser.load(f)) {
                case ConfigResult.Valid v -> {
                    System.out.print(EffectiveConfig.print(Files.readString(f, StandardCharsets.UTF_8), v.config()));
                    yield 0;
                }
                case ConfigResult.Invalid inv -> {
                    for (ConfigError e : inv.errors()) {
                        System.err.println(e);
                    }
                    System.err.println("jntp config check: " + inv.errors().size() + " error"
                            + (inv.errors().size() == 1 ? "" : "s") + " in " + f);
                    yield 1;
                }
            };
        }
    }
}
