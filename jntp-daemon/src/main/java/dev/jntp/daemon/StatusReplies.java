// The data of the status commands' replies (sources, sourcestats, ntpdata, clients, serverstats, activity), from published snapshots.
package dev.jntp.daemon;

import dev.jntp.daemon.sync.SyncService;
import dev.jntp.engine.server.ServerCounter;
import dev.jntp.engine.sync.PacketTest;
import dev.jntp.engine.sync.SourceDetail;
import dev.jntp.engine.sync.SourceSnapshot;
import dev.jntp.proto.ReferenceId;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the daemon's immutable snapshots into the maps the control socket sends ({@link
 * dev.jntp.daemon.control.ControlMessages}); the field names are the JSON names {@code --json}
 * prints. Offsets are reference minus local, in seconds, as everywhere in jntp; a figure not
 * measured yet is null. Nothing here touches the engine.
 */
final class StatusReplies {

    private StatusReplies() {}

    /** {@code sources}: each source as chronyc sources and ntpq -p show it. */
    static Map<String, Object> sources(List<SyncService.SourceView> views, long nowNanos) {
        List<Object> rows = new ArrayList<>();
        for (SyncService.SourceView v : views) {
            SourceSnapshot s = v.snapshot();
            SourceDetail d = s.detail();
            Map<String, Object> m = identity(v);
            m.put("state", s.state().name().toLowerCase(Locale.ROOT));
            m.put("symbol", String.valueOf(s.state().symbol()));
            m.put("stratum", s.stratum());
            m.put("poll", s.poll());
            m.put("reach", s.reach());
            m.put("last_rx_seconds", d.lastSampleNanos() == 0 ? null : Math.max(0, (nowNanos - d.lastSampleNanos()) / 1e9));
            m.put("adjusted_offset", d.adjustedOffset());
            m.put("measured_offset", s.lastOffset());
            m.put("error", d.lastError());
            m.put("estimated_offset", s.estimatedOffset());
            m.put("delay", s.lastDelay());
            m.put("jitter", s.jitter());
            m.put("samples", s.samples());
            m.put("reference_id", d.lastReply() == null ? null : d.lastReply().referenceId().toString());
            m.put("refid", d.lastReply() == null ? null : refid(d.lastReply()));
            m.put("online", d.online());
            m.put("bursting", d.bursting());
            m.put("stop_reason", s.stopReason());
            rows.add(m);
        }
        return Map.of("sources", rows);
    }

    /** {@code sourcestats}: each source's regression, as chronyc sourcestats shows it. */
    static Map<String, Object> sourceStats(List<SyncService.SourceView> views) {
        List<Object> rows = new ArrayList<>();
        for (SyncService.SourceView v : views) {
            SourceSnapshot s = v.snapshot();
            SourceDetail d = s.detail();
            Map<String, Object> m = identity(v);
            m.put("samples", s.samples());
            m.put("runs", d.runs());
            m.put("span_seconds", d.spanSeconds());
            m.put("frequency_ppm", d.residualFrequencyPpm());
            m.put("skew_ppm", d.skewPpm());
            m.put("offset", s.estimatedOffset());
            m.put("std_dev", s.jitter());
            rows.add(m);
        }
        return Map.of("sources", rows);
    }

    /** {@code ntpdata}: the last reply of each source and every packet test's verdict, as chronyc ntpdata. */
    static Map<String, Object> ntpData(List<SyncService.SourceView> views, String rxStamps, String txStamps) {
        List<Object> rows = new ArrayList<>();
        for (SyncService.SourceView v : views) {
            SourceSnapshot s = v.snapshot();
            SourceDetail d = s.detail();
            SourceDetail.ReplyHeader h = d.lastReply();
            Map<String, Object> m = identity(v);
            InetAddress local = v.address() == null ? null : localAddress(v.address());
            m.put("remote_reference_id", v.address() == null ? null : ReferenceId.ofAddress(
                    v.address().getAddress().getAddress()).toString());
            m.put("local_address", local == null ? null : AddressText.of(local));
            m.put("local_reference_id", local == null ? null : ReferenceId.ofAddress(local.getAddress()).toString());
            m.put("leap_status", h == null ? null : NtpDaemon.leapName(h.leap()));
            m.put("version", h == null ? null : h.version());
            m.put("mode", "server");
            m.put("stratum", h == null ? null : h.stratum());
            m.put("poll", h == null ? null : h.poll());
            m.put("precision", h == null ? null : h.precision());
            m.put("root_delay", h == null ? null : h.rootDelay());
            m.put("root_dispersion", h == null ? null : h.rootDispersion());
            m.put("reference_id", h == null ? null : h.referenceId().toString());
            m.put("reference_name", h == null || h.stratum() > 1 ? "" : text(h.referenceId()));
            m.put("reference_time_unix_ns", h == null ? null : h.referenceTimeUnixNanos());
            m.put("offset", s.lastOffset());
            m.put("peer_delay", s.lastDelay());
            m.put("peer_dispersion", d.lastDispersion());
            m.put("response_time", h == null ? null : h.responseTime());
            m.put("jitter", s.jitter());
            m.put("tests_bits", s.lastTests().bits());
            List<Object> tests = new ArrayList<>();
            for (PacketTest t : PacketTest.values()) {
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("test", t.label());
                tm.put("name", t.name().toLowerCase(Locale.ROOT));
                tm.put("passed", s.lastTests().passed(t));
                tm.put("failure", t.failure());
                tests.add(tm);
            }
            m.put("tests", tests);
            m.put("interleaved", false);
            m.put("authenticated", d.authenticated() || (v.nts() != null && v.nts().authenticated() > 0));
            m.put("nts", v.nts() == null ? null : AuthDataReply.counters(v.nts()));
            m.put("tx_timestamping", txStamps);
            m.put("rx_timestamping", rxStamps);
            m.put("total_tx", d.requests());
            m.put("total_rx", d.replies());
            m.put("total_valid_rx", d.validReplies());
            m.put("total_good_rx", d.goodReplies());
            m.put("state", s.state().name().toLowerCase(Locale.ROOT));
            m.put("stop_reason", s.stopReason());
            rows.add(m);
        }
        return Map.of("sources", rows);
    }

    /** {@code clients}: the busiest clients first, at most {@code max}. */
    static Map<String, Object> clients(ClientLog log, long nowNanos, int max) {
        ClientLog.Listing l = log.list(max);
        List<Object> rows = new ArrayList<>();
        for (ClientLog.Client c : l.clients()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", AddressText.of(c.address()));
            m.put("ntp_requests", c.requests());
            m.put("ntp_drops", c.drops());
            m.put("interval_log2", c.intervalLog2().isPresent() ? c.intervalLog2().getAsInt() : null);
            m.put("last_seconds_ago", Math.max(0, (nowNanos - c.lastNanos()) / 1e9));
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clients", rows);
        out.put("total", l.total());
        out.put("capacity", log.capacity());
        return out;
    }

    /** {@code serverstats}: chronyc serverstats' counters that apply, then jntp's reasons for each drop. */
    static Map<String, Object> serverStats(Map<ServerCounter, Long> c, long commands, long commandsRefused,
            long clientRecordsDropped) {
        Map<String, Object> m = new LinkedHashMap<>();
        long received = c.get(ServerCounter.RECEIVED);
        m.put("ntp_packets_received", received);
        m.put("ntp_packets_dropped", Math.max(0, received - c.get(ServerCounter.ANSWERED)));
        m.put("command_requests_received", commands);
        m.put("command_requests_refused", commandsRefused);
        m.put("client_log_records_dropped", clientRecordsDropped);
        for (ServerCounter k : ServerCounter.values()) {
            m.put(k.name().toLowerCase(Locale.ROOT), c.get(k));
        }
        return m;
    }

    /** {@code activity}: sources online, offline, bursting, and lines whose names have not resolved. */
    static Map<String, Object> activity(List<SyncService.SourceView> views, int unresolved) {
        int online = 0;
        int offline = 0;
        int burstOnline = 0;
        for (SyncService.SourceView v : views) {
            SourceDetail d = v.snapshot().detail();
            if (!d.online()) {
                offline++;
            } else if (d.bursting()) {
                burstOnline++;
            } else {
                online++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("online", online);
        m.put("offline", offline);
        m.put("burst_online", burstOnline);
        m.put("burst_offline", 0);
        m.put("unresolved", unresolved);
        return m;
    }

    private static Map<String, Object> identity(SyncService.SourceView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.snapshot().id());
        m.put("name", v.snapshot().name());
        m.put("address", v.address() == null ? null : AddressText.of(v.address().getAddress()));
        m.put("port", v.address() == null ? null : v.address().getPort());
        m.put("mode", "server");
        return m;
    }

    /**
     * The reference ID as ntpq shows it: {@code .GPS.} at stratum 0 and 1 (and a kiss code), a dotted quad
     * above, and for a stratum 1 ID without text (chrony's and jntp's local clock, 127.127.1.1) too.
     */
    static String refid(SourceDetail.ReplyHeader h) {
        String t = text(h.referenceId());
        return h.stratum() <= 1 && !t.isEmpty() ? "." + t + "." : h.referenceId().asDottedQuad();
    }

    /** The printable characters of a reference ID up to its first zero octet, as chronyc prints one. */
    static String text(ReferenceId id) {
        StringBuilder sb = new StringBuilder(4);
        for (byte b : id.octets()) {
            if (b == 0) {
                break;
            }
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    /** The address this host sends from towards {@code remote}: a connected UDP socket, no datagram sent. */
    private static InetAddress localAddress(InetSocketAddress remote) {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(remote);
            InetAddress a = s.getLocalAddress();
            return a == null || a.isAnyLocalAddress() ? null : a;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
