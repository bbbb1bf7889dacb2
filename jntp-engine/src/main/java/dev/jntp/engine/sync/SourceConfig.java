// How one upstream source is polled and used: the engine's view of a server line.
package dev.jntp.engine.sync;

/**
 * Per-source settings, with chrony's meanings.
 *
 * @param name host name or address, for display
 * @param minPoll log2 of the shortest poll interval, seconds
 * @param maxPoll log2 of the longest poll interval, seconds
 * @param iburst send a quick burst of requests at start so that the first update comes within seconds
 * @param burst send a burst at every poll
 * @param prefer prefer this source in selection
 * @param noSelect measure but never select
 * @param maxDelay largest acceptable round-trip delay, seconds
 * @param version NTP version of requests
 * @param trust chrony's {@code trust}: the source is taken to be right; when trusted sources are
 *     configured, selection looks for agreement among them first and the others are used only
 *     inside their agreed interval (see {@link Selection})
 * @param require chrony's {@code require}: the clock is updated only while at least one source
 *     with this option is selectable (inside the agreed interval)
 * @param keyId chrony's {@code key ID}: requests are signed with this symmetric key and only replies
 *     with a valid MAC of it pass test 5 ({@link PacketTest#AUTHENTICATION}); 0 for none
 */
public record SourceConfig(String name, int minPoll, int maxPoll, boolean iburst, boolean burst, boolean prefer,
        boolean noSelect, double maxDelay, int version, boolean trust, boolean require, long keyId) {

    /** chrony's range of poll exponents. */
    public static final int MIN_POLL = -6;
    public static final int MAX_POLL = 24;

    public SourceConfig {
        if (minPoll > maxPoll || minPoll < MIN_POLL || maxPoll > MAX_POLL) {
            throw new IllegalArgumentException("polls must satisfy " + MIN_POLL + " <= minpoll <= maxpoll <= "
                    + MAX_POLL + ", got " + minPoll + " and " + maxPoll);
        }
        if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("key id must be 0 (none) to 4294967295, got " + keyId);
        }
    }

    /** A source without a key. */
    public SourceConfig(String name, int minPoll, int maxPoll, boolean iburst, boolean burst, boolean prefer,
            boolean noSelect, double maxDelay, int version, boolean trust, boolean require) {
        this(name, minPoll, maxPoll, iburst, burst, prefer, noSelect, maxDelay, version, trust, require, 0);
    }

    /** A source neither trusted nor required (chrony's default). */
    public SourceConfig(String name, int minPoll, int maxPoll, boolean iburst, boolean burst, boolean prefer,
            boolean noSelect, double maxDelay, int version) {
        this(name, minPoll, maxPoll, iburst, burst, prefer, noSelect, maxDelay, version, false, false);
    }

    /** chrony's defaults for a server line: minpoll 6, maxpoll 10, maxdelay 3 s. */
    public static SourceConfig defaults(String name) {
        return new SourceConfig(name, 6, 10, false, false, false, false, 3.0, 4);
    }

    public SourceConfig withIburst(boolean on) {
        return new SourceConfig(name, minPoll, maxPoll, on, burst, prefer, noSelect, maxDelay, version, trust, require,
                keyId);
    }

    public SourceConfig withPolls(int min, int max) {
        return new SourceConfig(name, min, max, iburst, burst, prefer, noSelect, maxDelay, version, trust, require,
                keyId);
    }

    public SourceConfig withTrust(boolean on) {
        return new SourceConfig(name, minPoll, maxPoll, iburst, burst, prefer, noSelect, maxDelay, version, on, require,
                keyId);
    }

    public SourceConfig withRequire(boolean on) {
        return new SourceConfig(name, minPoll, maxPoll, iburst, burst, prefer, noSelect, maxDelay, version, trust, on,
                keyId);
    }

    /** This source with requests signed by symmetric key {@code id} (0: none). */
    public SourceConfig withKey(long id) {
        return new SourceConfig(name, minPoll, maxPoll, iburst, burst, prefer, noSelect, maxDelay, version, trust,
                require, id);
    }
}
