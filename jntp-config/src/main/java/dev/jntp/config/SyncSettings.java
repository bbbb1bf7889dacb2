// How the clock is synchronised: source selection limits, step and slew policy, leap second source.
package dev.jntp.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The synchronisation directives of jntp.conf, with chrony's defaults for those not given. Absent
 * optional settings are null in the record and read through the {@code Optional} accessors.
 *
 * @param minSources {@code minsources}: how many sources must be selectable before the clock is
 *     updated (1 to 64)
 * @param maxDistance {@code maxdistance}: largest root distance (seconds) of a source that may be
 *     selected
 * @param makeStep {@code makestep}: when a correction may step the clock instead of slewing it, or
 *     null to always slew
 * @param maxSlewRate {@code maxslewrate}: fastest rate (ppm) at which an offset is slewed away
 * @param leapSeconds {@code leapsectz} or {@code leapseclist}: where leap seconds are looked up
 *     besides the sources' announcements, or null for the sources alone
 * @param ntsClient the NTS sources' trusted certificates and key refresh ({@code ntstrustedcerts},
 *     {@code nosystemcert}, {@code ntsrefresh})
 */
public record SyncSettings(
        int minSources,
        double maxDistance,
        MakeStep makeStep,
        double maxSlewRate,
        LeapSecondSource leapSeconds,
        NtsClientSettings ntsClient) {

    public SyncSettings {
        Objects.requireNonNull(ntsClient, "ntsClient");
    }

    /** Settings with the NTS client's defaults. */
    public SyncSettings(int minSources, double maxDistance, MakeStep makeStep, double maxSlewRate,
            LeapSecondSource leapSeconds) {
        this(minSources, maxDistance, makeStep, maxSlewRate, leapSeconds, NtsClientSettings.DEFAULTS);
    }

    /** chrony's default: one selectable source is enough. */
    public static final int DEFAULT_MIN_SOURCES = 1;
    /** chrony's default maximum root distance, seconds. */
    public static final double DEFAULT_MAX_DISTANCE = 3.0;
    /** chrony's default maximum slew rate: one twelfth, in ppm. */
    public static final double DEFAULT_MAX_SLEW_RATE = 1e6 / 12;

    /** The settings of a file that gives none of these directives. */
    public static final SyncSettings DEFAULTS =
            new SyncSettings(DEFAULT_MIN_SOURCES, DEFAULT_MAX_DISTANCE, null, DEFAULT_MAX_SLEW_RATE, null);

    /** The step policy, if {@code makestep} was given. */
    public Optional<MakeStep> makeStepPolicy() {
        return Optional.ofNullable(makeStep);
    }

    /** The leap second table, if {@code leapsectz} or {@code leapseclist} was given. */
    public Optional<LeapSecondSource> leapSecondSource() {
        return Optional.ofNullable(leapSeconds);
    }

    /**
     * {@code makestep THRESHOLD LIMIT}: step the clock when the correction exceeds the threshold,
     * but only during the first {@code limit} clock updates since the start.
     *
     * @param threshold seconds, greater than 0
     * @param limit number of clock updates, at least 1, or {@link #NO_LIMIT}
     */
    public record MakeStep(double threshold, int limit) {

        /** The limit that lets any clock update step the clock. */
        public static final int NO_LIMIT = -1;

        /** Whether a step is allowed at any clock update, not only the first ones. */
        public boolean unlimited() {
            return limit == NO_LIMIT;
        }
    }

    /** Where leap seconds are looked up; the file or zone is read by the daemon, not by the parser. */
    public sealed interface LeapSecondSource {

        /** {@code leapsectz ZONE}: a zone of the system time zone database that has leap seconds. */
        record Timezone(String zone) implements LeapSecondSource {}

        /** {@code leapseclist FILE}: a leap-seconds.list file in the NIST/IERS format. */
        record ListFile(Path file) implements LeapSecondSource {}
    }
}
