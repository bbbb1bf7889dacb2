// Entry point of the jntp command: dispatches to the subcommands.
package dev.jntp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jntp}: an NTP time service and the tools to run it. */
@Command(name = "jntp",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "An NTP time service: daemon, query and operator tools.",
        subcommands = {DaemonCommand.class, QueryCommand.class, TrackingCommand.class, BenchCommand.class,
            AotTrainingCommand.class, dev.jntp.cli.check.CheckCommand.class,
            dev.jntp.cli.check.WaitsyncCommand.class,
            StatusCommands.Sources.class, StatusCommands.SourceStats.class, StatusCommands.NtpData.class,
            StatusCommands.Clients.class, StatusCommands.ServerStats.class, StatusCommands.Activity.class,
            AuthDataCommand.class,
            ChangeCommands.Add.class, ChangeCommands.Delete.class, ChangeCommands.Online.class,
            ChangeCommands.Offline.class, ChangeCommands.Burst.class, ChangeCommands.MakeStep.class,
            ChangeCommands.Reload.class, KeygenCommand.class, ConfigCommand.class,
            dev.jntp.cli.audit.AuditCommand.class, dev.jntp.cli.audit.RemediateCommand.class,
            dev.jntp.cli.audit.RollbackCommand.class},
        usageHelpAutoWidth = true)
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (2 for usage errors, as picocli does). */
    public static int execute(String... args) {
        // The daemon alone: picocli builds the model of every subcommand it is given, by reflection, and the
        // daemon's time to first synchronisation includes its start (0.2 s less).
        boolean daemon = args.length > 0 && args[0].equals("daemon");
        CommandLine line = daemon ? new CommandLine(new DaemonCommand()).setCommandName("jntp daemon")
                : new CommandLine(new Main());
        return line.setCaseInsensitiveEnumValuesAllowed(true)
                .execute(daemon ? Arrays.copyOfRange(args, 1, args.length) : args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the build. */
    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jntp " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
