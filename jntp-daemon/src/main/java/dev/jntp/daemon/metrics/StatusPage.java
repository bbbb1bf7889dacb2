// Serves the status page (/) and its data (/status.json) beside /metrics; every other path is 404.
package dev.jntp.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP handler for everything but {@code /metrics}: GET or HEAD only, read-only. The page is
 * one resource with its style and script inline; its Content-Security-Policy allows exactly those
 * two (by SHA-256) and fetches from this server alone, so the browser makes no other request.
 */
final class StatusPage implements HttpHandler {

    private static final Pattern INLINE = Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);
    private static final Pattern SINCE = Pattern.compile("(?:^|&)since=(-?[0-9]{1,19})(?:&|$)");

    private final byte[] html;
    private final String policy;
    private final LongFunction<byte[]> status;

    /** {@code status} gives the JSON document for the points newer than its argument (Unix ms). */
    StatusPage(LongFunction<byte[]> status) {
        this.status = status;
        try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        policy = policy(new String(html, StandardCharsets.UTF_8));
    }

    /** The page's Content-Security-Policy: its own inline script and style, and requests to this origin only. */
    static String policy(String page) {
        StringBuilder script = new StringBuilder();
        StringBuilder style = new StringBuilder();
        Matcher m = INLINE.matcher(page);
        while (m.find()) {
            (m.group(1).equals("script") ? script : style).append(" 'sha256-").append(sha256(m.group(2))).append('\'');
        }
        return "default-src 'none'; script-src" + script + "; style-src" + style
                + "; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        try (x) {
            x.getRequestBody().close();
            String method = x.getRequestMethod();
            x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                send(x, 405, "text/plain; charset=utf-8", bytes("only GET and HEAD\n"), false);
                return;
            }
            switch (x.getRequestURI().getPath()) {
                case "/", "/index.html" -> {
                    x.getResponseHeaders().set("Content-Security-Policy", policy);
                    x.getResponseHeaders().set("Cache-Control", "no-cache");
                    send(x, 200, "text/html; charset=utf-8", html, false);
                }
                case "/status.json" -> {
                    Long since = since(x.getRequestURI().getRawQuery());
                    if (since == null) {
                        send(x, 400, "text/plain; charset=utf-8", bytes("since must be Unix milliseconds\n"), false);
                        return;
                    }
                    x.getResponseHeaders().set("Cache-Control", "no-store");
                    send(x, 200, "application/json", status.apply(since), gzip(x));
                }
                default -> send(x, 404, "text/plain; charset=utf-8",
                        bytes("not found; try / (status page), /status.json or /metrics\n"), false);
            }
        }
    }

    /** The {@code since} parameter: 0 when absent, null when malformed. */
    static Long since(String query) {
        if (query == null || !query.contains("since=")) {
            return 0L;
        }
        Matcher m = SINCE.matcher(query);
        if (!m.find()) {
            return null;
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean gzip(HttpExchange x) {
        String accept = x.getRequestHeaders().getFirst("Accept-Encoding");
        return accept != null && accept.contains("gzip");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange x, int code, String type, byte[] body, boolean gzip) throws IOException {
        if (gzip) {
            ByteArrayOutputStream z = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream out = new GZIPOutputStream(z)) {
                out.write(body);
            }
            body = z.toByteArray();
            x.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        x.getResponseHeaders().set("Content-Type", type);
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
