// System-wide synchronisation settings, with chrony's defaults.
package dev.jntp.engine.sync;

/**
 * @param minSources selectable sources needed before the clock is updated ({@code minsources})
 * @param maxDistance largest root distance a source may have and still be selected ({@code maxdistance}), s
 * @param makestepThreshold offsets larger than this are stepped instead of slewed, s; 0 never steps
 * @param makestepLimit how many updates may step (-1: any); counts from the first update
 * @param maxSlewRatePpm fastest slew ({@code maxslewrate})
 * @param maxFrequencyPpm largest frequency correction ({@code maxdrift}), ppm
 */
public record SyncSettings(int minSources, double maxDistance, double makestepThreshold, int makestepLimit,
        double maxSlewRatePpm, double maxFrequencyPpm) {

    /** chrony's defaults: minsources 1, maxdistance 3 s, no makestep, maxslewrate 83333 ppm, maxdrift 500 ppm. */
    public static SyncSettings defaults() {
        return new SyncSettings(1, 3.0, 0, 0, 83_333.333, 500);
    }

    public SyncSettings withMakestep(double threshold, int limit) {
        return new SyncSettings(minSources, maxDistance, threshold, limit, maxSlewRatePpm, maxFrequencyPpm);
    }

    public SyncSettings withMinSources(int n) {
        return new SyncSettings(n, maxDistance, makestepThreshold, makestepLimit, maxSlewRatePpm, maxFrequencyPpm);
    }
}
