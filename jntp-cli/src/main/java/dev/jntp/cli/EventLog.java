// The daemon's event log: a line per event on stderr (text for journald, or JSON for collectors), optionally syslog too.
package dev.jntp.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;

/**
 * Adjusts logback (configured by logback.xml: text lines on stderr, which journald collects)
 * from the daemon's command line, with logback's own appenders and encoder, so that no library
 * is added: {@code --log-format json} replaces the text lines by one JSON object per line
 * (logback's JsonEncoder: timestamp in milliseconds, level, thread, logger, the formatted message
 * and any exception) for log shippers; {@code --log-syslog HOST[:PORT]} also sends every event to
 * a syslog server over UDP (RFC 3164 lines, facility daemon, tag {@code jntp[PID]}), the central
 * logging the field documents ask for.
 */
final class EventLog {

    /** The port syslog servers listen on (RFC 5426). */
    static final int SYSLOG_PORT = 514;
    /** The name of the stderr appender in logback.xml. */
    static final String CONSOLE = "STDERR";

    /** How events are written on stderr. */
    enum Format { TEXT, JSON }

    private EventLog() {}

    /** Configures the process's logging; returns an error to print, or null. */
    static String configure(Format format, HostPort syslog) {
        return configure((LoggerContext) LoggerFactory.getILoggerFactory(), format, syslog, System.err,
                ProcessHandle.current().pid());
    }

    /**
     * Configures {@code ctx}: JSON lines on {@code console} (never closed) instead of its text
     * appender when asked, and a syslog appender when {@code syslog} is given. Returns a one-line
     * error, or null.
     */
    static String configure(LoggerContext ctx, Format format, HostPort syslog, OutputStream console, long pid) {
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMarkers(false);
            json.setWithMDC(false);
            json.setWithKVPList(false);
            json.setWithArguments(false);
            json.setWithMessage(false);
            json.setWithFormattedMessage(true);
            json.start();
            OutputStreamAppender<ILoggingEvent> out = new OutputStreamAppender<>();
            out.setName(CONSOLE);
            out.setContext(ctx);
            out.setEncoder(json);
            out.setOutputStream(unclosable(console));
            out.start();
            root.detachAppender(CONSOLE);
            root.addAppender(out);
        }
        if (syslog != null) {
            SyslogAppender s = new SyslogAppender();
            s.setName("SYSLOG");
            s.setContext(ctx);
            s.setSyslogHost(syslog.host());
            s.setPort(syslog.port());
            s.setFacility("DAEMON");
            s.setSuffixPattern("jntp[" + pid + "]: %-5level %logger{0}: %msg");
            s.start();
            if (!s.isStarted()) {
                return "cannot send the event log to syslog at " + syslog.host() + ":" + syslog.port()
                        + " (is the host name right?)";
            }
            root.addAppender(s);
        }
        return null;
    }

    /** {@code out} with close() reduced to flush(): stopping an appender must not close stderr. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
