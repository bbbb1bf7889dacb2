// Reads jntp.conf (chrony.conf syntax) into a JntpConfig, reporting every error as FILE:LINE with a fix.
package dev.jntp.config;

import dev.jntp.proto.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The configuration parser. A line holds one directive and its arguments separated by blanks;
 * lines starting with {@code # ! ; %} are comments, as in chrony.conf. Every line is checked and
 * every error is reported, so an operator fixes a file in one pass. Nothing is clamped or
 * guessed: a value out of range is an error.
 */
public final class ConfigParser {

    /** Name under which the built-in default configuration reports errors and itself. */
    public static final String BUILT_IN = "(built-in)";

    private static final int MAX_FILE_BYTES = 1 << 20;

    /** chrony directives jntp does not implement yet, with what to do meanwhile. */
    private static final Map<String, String> NOT_YET = Map.ofEntries(
            Map.entry("peer", "use 'server' (symmetric mode is not supported)"),
            Map.entry("rtcsync", "remove it; jntp keeps the kernel's RTC flag in step by itself"),
            Map.entry("cmdport", "remove it; jntp has no UDP command port (ntpq queries come to the NTP port, "
                    + "allowed by cmdallow and cmddeny)"),
            Map.entry("maxupdateskew", "remove it"),
            Map.entry("pidfile", "remove it; run jntp under systemd, which tracks the process"),
            Map.entry("include", "inline the included file for now"),
            Map.entry("confdir", "inline the files for now"));

    private static final Set<String> KNOWN = Stream.of(Stream.of("port", "bindaddress", "allow", "deny", "local",
            "driftfile", "logdir", "server", "pool", "bindcmdaddress", "sourcedir", "clientloglimit", "cmdallow",
            "cmddeny", "ratelimit", "keyfile"), SyncOptions.DIRECTIVES.stream(), MetricsOptions.DIRECTIVES.stream(),
            LogOptions.DIRECTIVES.stream(), NtsOptions.DIRECTIVES.stream()).flatMap(d -> d).collect(Collectors.toUnmodifiableSet());

    /** Linux's limit on a Unix socket path, in bytes (sun_path holds 108 with the closing NUL). */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    private ConfigParser() {}

    /** Whether jntp.conf accepts {@code directive} (any case): tools that write configs check before using one. */
    public static boolean supports(String directive) {
        return KNOWN.contains(directive.toLowerCase(java.util.Locale.ROOT));
    }

    /** Reads and parses a file; an unreadable or non-UTF-8 file gives an error at line 0. */
    public static ConfigResult load(Path file) {
        String name = file.toString();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return new ConfigResult.Invalid(List.of(new ConfigError(name, 0,
                        "file is larger than 1 MiB", "check that this is the configuration file")));
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return parse(name, text);
        } catch (CharacterCodingException e) {
            return new ConfigResult.Invalid(List.of(new ConfigError(name, 0, "file is not UTF-8 text",
                    "save the file as UTF-8")));
        } catch (IOException | SecurityException e) {
            return new ConfigResult.Invalid(List.of(new ConfigError(name, 0, "cannot read the file: " + e,
                    "check the path and its permissions")));
        }
    }

    /** The built-in default: local stratum 10 on port 11123, loopback clients only. */
    public static JntpConfig builtInDefault() {
        try (InputStream in = ConfigParser.class.getResourceAsStream("default.conf")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return switch (parse(BUILT_IN, text)) {
                case ConfigResult.Valid v -> v.config();
                case ConfigResult.Invalid i -> throw new IllegalStateException("built-in config: " + i.errors());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the built-in default configuration. */
    public static String builtInDefaultText() {
        try (InputStream in = ConfigParser.class.getResourceAsStream("default.conf")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses configuration text; {@code file} names it in errors. Never throws for any text. */
    public static ConfigResult parse(String file, String text) {
        State s = new State(file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a UTF-8 byte order mark, as some editors write; not a directive
        }
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            s.line = i + 1;
            List<String> words = words(lines[i]);
            if (words.isEmpty()) {
                continue;
            }
            s.directive(words.getFirst().toLowerCase(java.util.Locale.ROOT), words.subList(1, words.size()));
        }
        s.rateLimit.check(file, s.clientLogLimit, s.errors);
        s.nts.check((line, message, fix) -> s.errors.add(new ConfigError(file, line, message, fix)));
        s.errors.sort(java.util.Comparator.comparingInt(ConfigError::line)); // stable: the pair check comes last
        if (!s.errors.isEmpty()) {
            return new ConfigResult.Invalid(s.errors);
        }
        return new ConfigResult.Valid(new JntpConfig(file, s.port, s.binds, s.rules, s.local, s.driftFile,
                s.logs.directory(), s.sources, s.sync.build(), s.controlSocket, s.metrics.build(), s.sourceDirs,
                s.clientLogLimit, s.cmdRules, s.logs.build(), s.rateLimit.build(), s.keyFile, s.nts.build()));
    }

    /** The blank-separated words of a line, or none for a blank or comment line. */
    static List<String> words(String line) {
        String t = line.strip();
        if (t.isEmpty() || "#!;%".indexOf(t.charAt(0)) >= 0) {
            return List.of();
        }
        int hash = t.indexOf(" #");
        int tab = t.indexOf("\t#");
        int cut = hash < 0 ? tab : (tab < 0 ? hash : Math.min(hash, tab));
        if (cut >= 0) {
            t = t.substring(0, cut);
        }
        List<String> out = new ArrayList<>();
        for (String w : t.split("[ \t]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** Mutable state of one parse. */
    private static final class State {
        final String file;
        final List<ConfigError> errors = new ArrayList<>();
        int line;
        int port = JntpConfig.DEFAULT_PORT;
        final List<InetAddress> binds = new ArrayList<>();
        final List<AccessRule> rules = new ArrayList<>();
        /** cmdallow/cmddeny: who may query this server with ntpq (mode 6). */
        final List<AccessRule> cmdRules = new ArrayList<>();
        JntpConfig.LocalReference local;
        Path driftFile;
        final LogOptions logs = new LogOptions();
        final List<SourceSpec> sources = new ArrayList<>();
        final SyncOptions sync = new SyncOptions();
        final MetricsOptions metrics = new MetricsOptions();
        final NtsOptions nts = new NtsOptions();
        Path controlSocket = JntpConfig.DEFAULT_CONTROL_SOCKET;
        int controlSocketLine;
        final List<Path> sourceDirs = new ArrayList<>();
        long clientLogLimit = JntpConfig.DEFAULT_CLIENT_LOG_LIMIT;
        final RateLimitOptions rateLimit = new RateLimitOptions();
        Path keyFile;
        int keyFileLine;

        State(String file) {
            this.file = file;
        }

        void error(String message, String fix) {
            errors.add(new ConfigError(file, line, message, fix));
        }

        void directive(String name, List<String> args) {
            if (!KNOWN.contains(name)) {
                String fix = NOT_YET.getOrDefault(name, UnsupportedDirectives.fix(name));
                if (fix != null) {
                    error("directive '" + name + "' is not supported by jntp yet", fix);
                } else {
                    error("unknown directive '" + Values.printable(name) + "'",
                            "check the spelling; supported: " + String.join(", ", KNOWN.stream().sorted().toList()));
                }
                return;
            }
            Values v = new Values(this::error, name, args);
            switch (name) {
                case "port" -> v.exactly(1).ifPresent(n -> v.intIn(args.getFirst(), "port", 0, 65535)
                        .ifPresent(p -> port = p));
                case "bindaddress" -> v.exactly(1).ifPresent(n -> v.address(args.getFirst()).ifPresent(binds::add));
                case "allow", "deny" -> accessRule(v, name.equals("allow"), args, rules);
                case "cmdallow", "cmddeny" -> accessRule(v, name.equals("cmdallow"), args, cmdRules);
                case "local" -> LocalOptions.parse(v, args).ifPresent(l -> local = l);
                case "driftfile" -> v.exactly(1).ifPresent(n -> v.path(args.getFirst()).ifPresent(p -> driftFile = p));
                case "logdir", "log", "logbanner", "statsdir", "statistics", "filegen" -> logs.parse(v, args, line);
                case "server", "pool" -> SourceOptions.parse(v, name.equals("pool")
                        ? SourceSpec.Kind.POOL : SourceSpec.Kind.SERVER, args, line).ifPresent(sources::add);
                case "bindcmdaddress" -> v.exactly(1).ifPresent(n -> controlSocket(v, args.getFirst()));
                case "metricsport", "bindmetricsaddress" -> metrics.parse(v, args, line);
                case "ntsport", "ntsservercert", "ntsserverkey", "ntsdumpdir", "ntsrotate", "ntsprocesses",
                        "maxntsconnections" -> nts.parse(v, args, line);
                case "sourcedir" -> v.exactly(1).ifPresent(n -> v.path(args.getFirst()).ifPresent(sourceDirs::add));
                case "clientloglimit" -> v.exactly(1).ifPresent(n -> v.intIn(args.getFirst(), "clientloglimit", 0,
                        Integer.MAX_VALUE).ifPresent(b -> clientLogLimit = b));
                case "ratelimit" -> rateLimit.parse(v, args, line);
                case "keyfile" -> keyFile(v, args);
                default -> sync.parse(v, args, line); // SyncOptions.DIRECTIVES; it throws for any other name
            }
        }

        /** {@code keyfile [PATH]}: the symmetric keys (chrony's format); alone, {@link KeyFile#DEFAULT_PATH}. */
        void keyFile(Values v, List<String> args) {
            if (keyFileLine > 0) {
                v.error("'keyfile' is given again (first on line " + keyFileLine + ")", "keep one keyfile line");
            } else if (args.size() > 1) {
                v.error("'keyfile' takes one path, got " + args.size() + " arguments",
                        "write 'keyfile " + KeyFile.DEFAULT_PATH + "'");
            } else if (args.isEmpty()) {
                keyFile = KeyFile.DEFAULT_PATH;
                keyFileLine = line;
            } else {
                v.path(args.getFirst()).ifPresent(p -> {
                    keyFile = p;
                    keyFileLine = line;
                });
            }
        }

        /** {@code bindcmdaddress PATH}: the control socket, or {@code /} alone for none; never a network address. */
        void controlSocket(Values v, String text) {
            if (controlSocketLine > 0) {
                v.error("'bindcmdaddress' is given again (first on line " + controlSocketLine + ")",
                        "keep one bindcmdaddress line");
                return;
            }
            if (!text.startsWith("/") && Values.literal(text).isPresent()) {
                v.error("jntp's control socket is local only, so it cannot listen on the address '"
                        + Values.printable(text) + "'",
                        "remove the line, or give the socket's path, e.g. 'bindcmdaddress /run/jntp/jntp.sock'");
                return;
            }
            if (text.equals("/")) {
                controlSocket = null;
                controlSocketLine = line;
                return;
            }
            v.path(text).ifPresent(p -> {
                int bytes = p.toString().getBytes(StandardCharsets.UTF_8).length;
                if (p.getNameCount() == 0) {
                    v.error("'" + Values.printable(text) + "' is the root directory, not a socket",
                            "write '/' alone for no control socket, or a path such as /run/jntp/jntp.sock");
                } else if (bytes > MAX_SOCKET_PATH_BYTES) {
                    v.error("the socket path '" + Values.printable(text) + "' has " + bytes + " bytes; Linux allows "
                            + MAX_SOCKET_PATH_BYTES, "give a shorter path, e.g. /run/jntp/jntp.sock");
                } else {
                    controlSocket = p;
                    controlSocketLine = line;
                }
            });
        }

        void accessRule(Values v, boolean allow, List<String> args, List<AccessRule> rules) {
            boolean all = !args.isEmpty() && args.getFirst().equalsIgnoreCase("all");
            List<String> rest = all ? args.subList(1, args.size()) : args;
            if (rest.size() > 1) {
                v.error("too many arguments: " + Values.printable(String.join(" ", rest)),
                        "write '" + v.name() + " [all] [SUBNET]', one subnet per line");
                return;
            }
            if (rest.isEmpty()) {
                rules.add(new AccessRule(allow, all, null, line));
                return;
            }
            v.subnet(rest.getFirst()).ifPresent(sn -> rules.add(new AccessRule(allow, all, sn, line)));
        }
    }

    /** Exposed for tests of subnet syntax. */
    static java.util.Optional<Subnet> subnetOf(String text) {
        List<ConfigError> errs = new ArrayList<>();
        return new Values((m, f) -> errs.add(new ConfigError("", 0, m, f)), "allow", List.of()).subnet(text);
    }
}
