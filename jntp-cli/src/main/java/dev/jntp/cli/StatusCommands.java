// The status commands that read the running daemon: sources, sourcestats, ntpdata, clients, serverstats, activity.
package dev.jntp.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One picocli command per chronyc report; each only reads what the daemon published. */
final class StatusCommands {

    private StatusCommands() {}

    private static final String EXIT = "Exit status: 0 shown, 1 the daemon refused, 2 the daemon cannot be reached.";

    @Command(name = "sources", mixinStandardHelpOptions = true,
            description = {"Show the sources and their state (as chronyc sources, or ntpq -p with --ntpq).", EXIT})
    static final class Sources extends SocketCommand {
        @Option(names = "-v", description = "explain the columns above them")
        boolean verbose;

        @Option(names = "--ntpq", description = "ntpq -p's layout: tally, remote, refid, st, t, when, poll, reach,"
                + " delay, offset, jitter (ms)")
        boolean ntpq;

        @Override
        String command() {
            return "sources";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            if (ntpq) {
                StatusText.ntpq(out, data);
            } else {
                StatusText.sources(out, data, verbose);
            }
        }
    }

    @Command(name = "sourcestats", mixinStandardHelpOptions = true,
            description = {"Show each source's regression: samples, runs, span, frequency, skew, offset, scatter"
                + " (as chronyc sourcestats).", EXIT})
    static final class SourceStats extends SocketCommand {
        @Option(names = "-v", description = "explain the columns above them")
        boolean verbose;

        @Override
        String command() {
            return "sourcestats";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            StatusText.sourceStats(out, data, verbose);
        }
    }

    @Command(name = "ntpdata", mixinStandardHelpOptions = true,
            description = {"Show the last reply of a source (all without SOURCE) and the verdict of every named"
                + " packet test (as chronyc ntpdata).", EXIT})
    static final class NtpData extends SocketCommand {
        @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "the source's address or name")
        String source;

        @Override
        String command() {
            return "ntpdata";
        }

        @Override
        List<String> args() {
            return source == null ? List.of() : List.of(source);
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            StatusText.ntpData(out, data, source == null);
        }
    }

    @Command(name = "clients", mixinStandardHelpOptions = true,
            description = {"Show the clients the server answered: requests, drops, interval, last seen"
                + " (as chronyc clients).", EXIT})
    static final class Clients extends SocketCommand {
        @Override
        String command() {
            return "clients";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            StatusText.clients(out, data);
        }
    }

    @Command(name = "serverstats", mixinStandardHelpOptions = true,
            description = {"Show the server's counters (as chronyc serverstats) and why requests were dropped.", EXIT})
    static final class ServerStats extends SocketCommand {
        @Override
        String command() {
            return "serverstats";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            StatusText.serverStats(out, data);
        }
    }

    @Command(name = "activity", mixinStandardHelpOptions = true,
            description = {"Show how many sources are online, offline, bursting, or not resolved yet"
                + " (as chronyc activity).", EXIT})
    static final class Activity extends SocketCommand {
        @Override
        String command() {
            return "activity";
        }

        @Override
        void printText(PrintStream out, Map<String, Object> data) {
            StatusText.activity(out, data);
        }
    }
}
