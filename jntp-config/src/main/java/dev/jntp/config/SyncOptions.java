// Parses the synchronisation directives (minsources, maxdistance, makestep, maxslewrate, leap seconds).
package dev.jntp.config;

import dev.jntp.config.SyncSettings.LeapSecondSource;
import dev.jntp.config.SyncSettings.MakeStep;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the synchronisation directives of one file into {@link SyncSettings}. As in chrony, a
 * directive given twice takes its last value; unlike chrony, {@code leapsectz} and
 * {@code leapseclist} together are an error, because chrony would silently use only the list.
 */
final class SyncOptions {

    /** The directives this class parses (with the NTS client's, which {@link NtsClientOptions} reads). */
    static final Set<String> DIRECTIVES = java.util.stream.Stream.concat(
            Set.of("minsources", "maxdistance", "makestep", "maxslewrate", "leapsectz", "leapseclist").stream(),
            NtsClientOptions.DIRECTIVES.stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Most sources {@code minsources} may ask for. */
    static final int MAX_MIN_SOURCES = 64;
    /** Largest {@code maxdistance}, seconds; the same bound as a source's {@code maxdelay}. */
    static final double MAX_MAX_DISTANCE = 1000;
    /** Largest makestep threshold, seconds: 2^31, the largest offset NTP can measure (68 years). */
    static final double MAX_STEP_THRESHOLD = 0x1p31;
    /** Largest {@code maxslewrate}, ppm: the most the Linux kernel lets a clock's frequency be moved. */
    static final double MAX_SLEW_RATE = 100_000;

    private static final String LEAP_FIX = "keep one of them: 'leapseclist /usr/share/zoneinfo/leap-seconds.list'"
            + " or 'leapsectz right/UTC'";

    private int minSources = SyncSettings.DEFAULT_MIN_SOURCES;
    private double maxDistance = SyncSettings.DEFAULT_MAX_DISTANCE;
    private MakeStep makeStep;
    private double maxSlewRate = SyncSettings.DEFAULT_MAX_SLEW_RATE;
    private LeapSecondSource leapSeconds;
    private int leapLine;
    private final NtsClientOptions nts = new NtsClientOptions();

    /** Parses one of {@link #DIRECTIVES} found at {@code line}. */
    void parse(Values v, List<String> args, int line) {
        if (NtsClientOptions.DIRECTIVES.contains(v.name())) {
            nts.parse(v, args);
            return;
        }
        int count = v.name().equals("makestep") ? 2 : 1;
        if (v.exactly(count).isEmpty()) {
            return;
        }
        String arg = args.getFirst();
        switch (v.name()) {
            case "minsources" -> v.intIn(arg, "minsources", 1, MAX_MIN_SOURCES).ifPresent(n -> minSources = n);
            case "maxdistance" -> v.positive(arg, "maxdistance", MAX_MAX_DISTANCE).ifPresent(d -> maxDistance = d);
            case "maxslewrate" -> v.positive(arg, "maxslewrate", MAX_SLEW_RATE).ifPresent(r -> maxSlewRate = r);
            case "makestep" -> {
                Optional<Double> threshold = v.positive(arg, "makestep threshold", MAX_STEP_THRESHOLD);
                Optional<Integer> limit = stepLimit(v, args.get(1));
                if (threshold.isPresent() && limit.isPresent()) {
                    makeStep = new MakeStep(threshold.get(), limit.get());
                }
            }
            case "leapsectz" -> zone(v, arg).ifPresent(z -> leap(v, new LeapSecondSource.Timezone(z), line));
            case "leapseclist" -> v.path(arg).ifPresent(p -> leap(v, new LeapSecondSource.ListFile(p), line));
            default -> throw new IllegalStateException(v.name());
        }
    }

    SyncSettings build() {
        return new SyncSettings(minSources, maxDistance, makeStep, maxSlewRate, leapSeconds, nts.build());
    }

    /** A leap second source; the other kind given earlier is an error, the same kind again replaces it. */
    private void leap(Values v, LeapSecondSource source, int line) {
        if (leapSeconds != null && leapSeconds.getClass() != source.getClass()) {
            String other = leapSeconds instanceof LeapSecondSource.Timezone ? "leapsectz" : "leapseclist";
            v.error("'" + v.name() + "' and '" + other + "' (line " + leapLine + ") both name a leap second table",
                    LEAP_FIX);
            return;
        }
        leapSeconds = source;
        leapLine = line;
    }

    /** The limit of makestep: a number of clock updates from 1, or -1 for no limit. */
    private static Optional<Integer> stepLimit(Values v, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 || n == MakeStep.NO_LIMIT) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.error("makestep limit must be a number of clock updates from 1 to " + Integer.MAX_VALUE
                        + ", or -1 for no limit, got '" + Values.printable(text) + "'",
                "write e.g. 'makestep 1 3' to step only in the first 3 updates, 'makestep 1 -1' to step at any"
                        + " update; remove the line to never step");
        return Optional.empty();
    }

    /** A zone name of the system time zone database, relative to its directory, e.g. right/UTC. */
    private static Optional<String> zone(Values v, String text) {
        if (text.matches("[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*")) {
            return Optional.of(text);
        }
        v.error("'" + Values.printable(text) + "' is not a time zone name",
                "write a zone of the system time zone database that has leap seconds, e.g. 'leapsectz right/UTC'"
                        + ", or give a leap second file with 'leapseclist /usr/share/zoneinfo/leap-seconds.list'");
        return Optional.empty();
    }
}
