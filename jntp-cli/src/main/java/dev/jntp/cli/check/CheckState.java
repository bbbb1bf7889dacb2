// The four results of a Nagios plugin and their exit codes.
package dev.jntp.cli.check;

/** OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3 (Monitoring Plugins development guidelines, "Plugin Return Codes"). */
public enum CheckState {
    OK(0, 0),
    WARNING(1, 2),
    CRITICAL(2, 3),
    UNKNOWN(3, 1);

    private final int exitCode;
    /** Order when results combine: CRITICAL over WARNING over UNKNOWN over OK (the plugins' max_state_alt). */
    private final int severity;

    CheckState(int exitCode, int severity) {
        this.exitCode = exitCode;
        this.severity = severity;
    }

    /** The plugin's exit status. */
    public int exitCode() {
        return exitCode;
    }

    /** The more severe of the two. */
    public CheckState max(CheckState other) {
        return other.severity > severity ? other : this;
    }
}
