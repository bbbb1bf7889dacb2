// 'jntp config check' and 'jntp config import': validate a jntp.conf, convert an ntp.conf or chrony.conf to one.
package dev.jntp.cli;

import dev.jntp.config.ConfigError;
import dev.jntp.config.ConfigParser;
import dev.jntp.config.ConfigResult;
import dev.jntp.config.EffectiveConfig;
import dev.jntp.config.convert.ChronyImport;
import dev.jntp.config.convert.ConfigKind;
import dev.jntp.config.convert.Converted;
import dev.jntp.config.convert.Includes;
import dev.jntp.config.convert.NtpImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code config} command group. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check a jntp.conf, or convert an ntp.conf or chrony.conf into one.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Import.class})
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

    /** {@code jntp config import FILE [--from ntp|chrony] [-o OUT]}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Convert ntpd's ntp.conf (or a chrony.conf) into jntp.conf, keeping the file's order and "
                    + "comments. Each line that cannot be carried over stays as a comment with the reason; what ntpd "
                    + "does by default and jntp does not is written out at the end.",
                "The kind is told from the file's name and directives unless --from says it. includefile, include "
                        + "and confdir are converted in place when readable. The result is checked with jntp's parser.",
                "Exit status: 0 converted, 1 the file cannot be read or OUT exists, 2 usage."})
    static final class Import implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the ntp.conf or chrony.conf")
        Path file;

        @Option(names = "--from", paramLabel = "ntp|chrony", description = "the file's kind (default: detected)")
        String from;

        @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write jntp.conf here instead of "
                + "standard output (not over an existing file)")
        Path output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ConfigKind kind = null;
            if (from != null) {
                kind = ConfigKind.ofLabel(from).filter(k -> k != ConfigKind.JNTP).orElseThrow(() ->
                        new picocli.CommandLine.ParameterException(spec.commandLine(),
                                "--from must be ntp or chrony, not '" + from + "'"));
            }
            String text;
            try {
                text = TextFiles.read(file);
            } catch (IOException e) {
                System.err.println("jntp config import: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            if (kind == null) {
                kind = ConfigKind.detect(file.toString(), text);
            }
            Includes includes = TextFiles.includes(UnaryOperator.identity());
            Converted c = kind == ConfigKind.NTP ? NtpImport.convert(file.toString(), text, includes)
                    : ChronyImport.convert(file.toString(), text, includes);
            if (output != null) {
                try {
                    Files.writeString(output, c.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE);
                } catch (IOException e) {
                    System.err.println("jntp config import: cannot write " + output + ": " + e);
                    return 1;
                }
            } else {
                System.out.print(c.text());
            }
            System.err.println("jntp config import: " + file + " (" + (kind == ConfigKind.NTP ? "ntp.conf" : "chrony.conf")
                    + "): " + c.carried() + " line" + (c.carried() == 1 ? "" : "s") + " carried over, " + c.notCarried()
                    + " not (see the comments)" + (output != null ? "; written to " + output : ""));
            return 0;
        }
    }
}
