// The daemon's state as 'jntp check' and 'jntp waitsync' read it: synchronisation, offset and how many sources answer.
package dev.jntp.daemon.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One read of the daemon for health checks, answered to the control command {@code health}.
 *
 * @param synchronised whether the clock follows a source (the local reference does not count, as for chronyc
 *     waitsync)
 * @param localReference whether the daemon serves its own clock ({@code local stratum N}) as the reference
 * @param stratum the stratum served (16: unsynchronised)
 * @param referenceId reference ID, 8 hex digits
 * @param referenceName the reference's name ("" when unknown)
 * @param leap "Normal", "Insert second", "Delete second" or "Not synchronised" (the leap alarm)
 * @param systemTimeOffset how far the system clock is ahead of the time jntp serves, seconds (chronyc's "System
 *     time"; the correction still to be made)
 * @param lastOffset offset measured at the last update, seconds (reference minus local)
 * @param sinceUpdate seconds since the clock was last updated, -1 never
 * @param sources sources the daemon polls
 * @param reachable sources that answered at least one of the last eight polls
 * @param selectable sources that passed selection (the system peer, combined and not combined truechimers)
 * @param alarm why not synchronised ("" when synchronised)
 */
public record Health(boolean synchronised, boolean localReference, int stratum, String referenceId,
        String referenceName, String leap, double systemTimeOffset, double lastOffset, double sinceUpdate,
        int sources, int reachable, int selectable, String alarm) {

    /** The control command that answers with this record. */
    public static final String COMMAND = "health";

    /** The reply's data fields, in the order written. */
    public Map<String, Object> data() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("synchronised", synchronised);
        d.put("local_reference", localReference);
        d.put("stratum", stratum);
        d.put("reference_id", referenceId);
        d.put("reference_name", referenceName);
        d.put("leap_status", leap);
        d.put("system_time_offset", systemTimeOffset);
        d.put("last_offset", lastOffset);
        d.put("since_update", sinceUpdate);
        d.put("sources", sources);
        d.put("reachable", reachable);
        d.put("selectable", selectable);
        d.put("alarm", alarm);
        return d;
    }
}
