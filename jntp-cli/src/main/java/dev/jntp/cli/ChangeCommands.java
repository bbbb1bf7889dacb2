// The commands that change the running daemon's sources without a restart: add, delete, online, offline, burst, makestep, reload.
package dev.jntp.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * As chronyc's commands of the same names. Only root and the user the daemon runs as may change
 * it; others get the daemon's refusal (exit 1).
 */
final class ChangeCommands {

    private ChangeCommands() {}

    private static final String EXIT = "Exit status: 0 done, 1 the daemon refused (the reason is printed), 2 the"
            + " daemon cannot be reached. Only root and the daemon's user may change it.";

    /** A change whose reply is a message. */
    abstract static class Change extends SocketCommand {
        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            printChange(out, data);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a source: 'jntp add server NAME [OPTION...]' or 'jntp add pool NAME [OPTION...]',"
                + " with the options of the configuration file (iburst, minpoll N, maxpoll N, prefer, ...).", EXIT})
    static final class Add extends Change {
        @Parameters(arity = "2..*", paramLabel = "server|pool NAME [OPTION]",
                description = "a server or pool line as in the configuration file")
        List<String> line = new ArrayList<>();

        @Override
        String command() {
            return "add";
        }

        @Override
        List<String> args() {
            return line;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Remove a source by its address, or a configured line with all its sources by its name.",
                EXIT})
    static final class Delete extends Change {
        @Parameters(paramLabel = "ADDRESS|NAME")
        String target;

        @Override
        String command() {
            return "delete";
        }

        @Override
        List<String> args() {
            return List.of(target);
        }
    }

    /** online, offline and burst: every source, or the one named. */
    abstract static class Targeted extends Change {
        @Parameters(arity = "0..1", paramLabel = "ADDRESS|NAME", description = "one source (all without it)")
        String target;

        @Override
        List<String> args() {
            return target == null ? List.of() : List.of(target);
        }
    }

    @Command(name = "online", mixinStandardHelpOptions = true,
            description = {"Poll sources again after 'jntp offline'.", EXIT})
    static final class Online extends Targeted {
        @Override
        String command() {
            return "online";
        }
    }

    @Command(name = "offline", mixinStandardHelpOptions = true,
            description = {"Stop polling sources (the network is down); they keep their samples.", EXIT})
    static final class Offline extends Targeted {
        @Override
        String command() {
            return "offline";
        }
    }

    @Command(name = "burst", mixinStandardHelpOptions = true,
            description = {"Send a burst of requests (eight, two seconds apart) to the online sources.", EXIT})
    static final class Burst extends Targeted {
        @Override
        String command() {
            return "burst";
        }
    }

    @Command(name = "makestep", mixinStandardHelpOptions = true,
            description = {"Step the clock at once by the correction still being slewed.", EXIT})
    static final class MakeStep extends SocketCommand {
        @Override
        String command() {
            return "makestep";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            double step = ChronyFormat.num(data, "step_seconds");
            String where = Boolean.TRUE.equals(data.get("monitor_mode"))
                    ? " (monitor mode: the time jntp serves; the system clock is not touched)" : "";
            out.println(step == 0 || Double.isNaN(step) ? "no correction under way: nothing to step"
                    : String.format(Locale.ROOT, "stepped the clock by %+.9f seconds%s", step, where));
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"'jntp reload sources': read the sourcedir *.sources files again; add the new lines,"
                + " remove the vanished ones.", EXIT})
    static final class Reload extends Change {
        @Parameters(paramLabel = "sources", description = "what to reload: sources")
        String what;

        @Override
        String command() {
            return "reload";
        }

        @Override
        List<String> args() {
            return List.of(what);
        }
    }
}
