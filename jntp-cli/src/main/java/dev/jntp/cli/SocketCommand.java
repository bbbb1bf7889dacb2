// What every command that talks to the running daemon shares: --socket, --json, the call, and the exit status.
package dev.jntp.cli;

import dev.jntp.config.JntpConfig;
import dev.jntp.daemon.control.ControlClient;
import dev.jntp.daemon.control.ControlProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends one request over the control socket and prints the reply: {@code --json} prints the
 * reply's data, otherwise {@link #printText}. Exit status: 0 done, 1 the daemon refused or
 * failed (its message is printed), 2 the daemon cannot be reached (a one-line error naming the
 * socket).
 */
abstract class SocketCommand implements Callable<Integer> {

    /** Exit status when the daemon answered with an error. */
    static final int REFUSED = 1;
    /** Exit status when the daemon cannot be reached. */
    static final int UNREACHABLE = 2;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "the daemon's control socket (its bindcmdaddress; default /run/jntp/jntp.sock)")
    Path socket = JntpConfig.DEFAULT_CONTROL_SOCKET;

    @Option(names = "--json", description = "print the daemon's reply as JSON")
    boolean json;

    /** The control protocol's command. */
    abstract String command();

    /** Its arguments. */
    List<String> args() {
        return List.of();
    }

    /** The human layout of the reply. */
    abstract void printText(PrintStream out, Map<String, Object> data);

    @Override
    public Integer call() throws IOException {
        String name = getClass().getAnnotation(Command.class).name();
        Map<String, Object> d;
        try {
            d = ControlClient.call(socket, command(), args());
        } catch (IOException e) {
            System.err.println("jntp " + name + ": " + e.getMessage());
            return UNREACHABLE;
        } catch (ControlProtocol.ControlException e) {
            System.err.println("jntp " + name + ": " + e.getMessage());
            return REFUSED;
        }
        if (json) {
            JsonOut.print(System.out, d);
        } else {
            printText(System.out, d);
        }
        return 0;
    }

    /** The "message" of a change's reply, then the problems it found, one per line. */
    static void printChange(PrintStream out, Map<String, Object> d) {
        out.println(ChronyFormat.text(d, "message"));
        if (d.get("problems") instanceof List<?> l) {
            l.forEach(p -> out.println("  " + p));
        }
    }
}
