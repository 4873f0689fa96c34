/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a client's settings from the builder, the environment and the AWS config file, in
 * the order the README's configuration table gives, remembering where each came from. Reads the
 * config file at most once, and for {@code build()} only when a setting is not given by the
 * builder or the environment. An invalid value is recorded as a problem naming its source and
 * the value; {@code build()} fails on the first, {@link ConfigReport} lists them all.
 */
final class ConfigResolver {
    static final String ENV_ENDPOINT = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    static final String ENV_MODE = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
    static final String ENV_TIMEOUT = "AWS_METADATA_SERVICE_TIMEOUT";
    static final String ENV_ATTEMPTS = "AWS_METADATA_SERVICE_NUM_ATTEMPTS";
    static final String ENV_DISABLED = "AWS_EC2_METADATA_DISABLED";
    static final String ENV_PROFILE = "AWS_PROFILE";
    static final String ENV_CONFIG_FILE = "AWS_CONFIG_FILE";
    static final String ENV_PROFILE_NAME = "AWS_EC2_INSTANCE_PROFILE_NAME";
    static final String KEY_PROFILE_NAME = "ec2_instance_profile_name";
    static final String KEY_ENDPOINT = "ec2_metadata_service_endpoint";
    static final String KEY_MODE = "ec2_metadata_service_endpoint_mode";
    static final String KEY_TIMEOUT = "metadata_service_timeout";
    static final String KEY_ATTEMPTS = "metadata_service_num_attempts";

    static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(21_600);
    static final int DEFAULT_ATTEMPTS = 4;
    static final int MAX_ATTEMPTS = 20;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_CONNECTIONS = 8;
    static final int MAX_CONNECTIONS = 64;
    static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(100);
    static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(1);
    private static final String DEFAULT_PROFILE = "default";
    /** Hex digits for escapes, without String.format (its Formatter costs a cold start ~15 ms). */
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** What the builder was given; null fields were not set. */
    record Explicit(URI endpoint, EndpointMode mode, String profile, Duration tokenTtl,
            Integer maxAttempts, Duration connectTimeout, Duration readTimeout,
            Duration operationTimeout, Integer maxConnections, Duration backoffBase,
            Duration backoffMax, ConnectRetry connectRetry, String executor, Ec2Host host,
            URI modeEndpoint) {}

    /** An invalid setting: which, the value as given, its source, and the full message. */
    private record Problem(String setting, String value, Source source, String message) {}

    private final Map<String, String> env;
    private final boolean processEnvironment;
    private final Map<String, Problem> problems = new LinkedHashMap<>();
    private ProfileFile file;
    private Setting<String> profile;

    private ConfigResolver(Map<String, String> env, boolean processEnvironment) {
        this.env = env;
        this.processEnvironment = processEnvironment;
    }

    /**
     * Resolves every setting.
     *
     * @param env the environment: the process's, or the builder's replacement
     * @param processEnvironment whether {@code env} is the process's (then a missing {@code HOME}
     *     falls back to {@code user.home})
     * @throws ImdsConfigurationException naming the source and value of the first bad setting
     */
    static ImdsConfig resolve(Explicit given, Map<String, String> env,
            boolean processEnvironment) {
        ConfigResolver r = new ConfigResolver(env, processEnvironment);
        ImdsConfig config = r.run(given);
        if (!r.problems.isEmpty()) {
            throw new ImdsConfigurationException(r.problems.values().iterator().next().message);
        }
        return config;
    }

    /** Resolves every setting without stopping at a bad one; reads the config file. */
    static ConfigReport report(Explicit given, Map<String, String> env,
            boolean processEnvironment) {
        ConfigResolver r = new ConfigResolver(env, processEnvironment);
        ImdsConfig c = r.run(given);
        List<String> notes = new ArrayList<>();
        ProfileFile f = r.file();
        notes.addAll(f.notes());
        if (f == ProfileFile.EMPTY) {
            Path path = r.configFile();
            notes.add("no AWS config file" + (path == null ? "" : " at " + path));
        } else if (!f.has(r.profile.value()) && f.problem(r.profile.value()) == null) {
            notes.add("profile '" + printable(r.profile.value()) + "' (" + r.profile.source()
                    + ") is not defined in " + f.name() + "; its settings come from the "
                    + "environment and the defaults");
        } else {
            r.checkProfile();
        }
        List<ConfigReport.Entry> entries = new ArrayList<>();
        r.entry(entries, "endpoint", printable(c.endpoint().value().toString()), c.endpoint());
        r.entry(entries, "endpointMode", c.endpointMode().value() == EndpointMode.IPV6 ? "IPv6"
                : "IPv4", c.endpointMode());
        r.entry(entries, "profile", printable(c.profile().value()), c.profile());
        r.entry(entries, "tokenTtl", seconds(c.tokenTtl().value()), c.tokenTtl());
        r.entry(entries, "maxAttempts", c.maxAttempts().value().toString(), c.maxAttempts());
        r.entry(entries, "connectTimeout", seconds(c.connectTimeout().value()),
                c.connectTimeout());
        r.entry(entries, "readTimeout", seconds(c.readTimeout().value()), c.readTimeout());
        r.entry(entries, "operationTimeout", seconds(c.operationTimeout().value()),
                c.operationTimeout());
        r.entry(entries, "maxConnections", c.maxConnections().value().toString(),
                c.maxConnections());
        r.entry(entries, "retryBackoffBase", seconds(c.retryBackoffBase().value()),
                c.retryBackoffBase());
        r.entry(entries, "retryBackoffMax", seconds(c.retryBackoffMax().value()),
                c.retryBackoffMax());
        r.entry(entries, "connectRetry", c.connectRetry().value().name(), c.connectRetry());
        r.entry(entries, "executor", c.executor().value(), c.executor());
        r.entry(entries, "host", c.host().value().kind().name(), c.host());
        r.entry(entries, "disabled", c.disabled().value().toString(), c.disabled());
        Setting<String> role = c.instanceProfileName().orElse(null);
        r.entry(entries, "instanceProfileName", role == null ? "(discovered from IMDS)"
                : printable(role.value()), role != null ? role
                        : new Setting<>("", Source.derived("discovered from IMDS")));
        return new ConfigReport(entries, notes);
    }

    private void entry(List<ConfigReport.Entry> entries, String name, String value,
            Setting<?> setting) {
        Problem p = problems.get(name);
        entries.add(p == null
                ? new ConfigReport.Entry(name, value, setting.source(), Optional.empty())
                : new ConfigReport.Entry(name, printable(p.value()), p.source(),
                        Optional.of(p.message())));
    }

    private ImdsConfig run(Explicit given) {
        profile = given.profile() != null ? new Setting<>(given.profile(), Source.BUILDER)
                : env(ENV_PROFILE) != null ? new Setting<>(env(ENV_PROFILE),
                        Source.environment(ENV_PROFILE))
                : new Setting<>(DEFAULT_PROFILE, Source.DEFAULT);
        Setting<EndpointMode> mode = mode(given.mode());
        Setting<URI> endpoint = endpoint(given.endpoint(), mode, given.modeEndpoint());
        Setting<Duration> timeout = timeout();
        Setting<Duration> connect = given.connectTimeout() != null
                ? new Setting<>(given.connectTimeout(), Source.BUILDER) : timeout;
        Setting<Duration> read = given.readTimeout() != null
                ? new Setting<>(given.readTimeout(), Source.BUILDER) : timeout;
        if (problems.containsKey("timeout")) {
            Problem p = problems.remove("timeout");
            if (given.connectTimeout() == null) {
                problems.put("connectTimeout", p);
            }
            if (given.readTimeout() == null) {
                problems.put("readTimeout", p);
            }
        }
        Ec2Host host = given.host() != null ? given.host() : Ec2Host.current();
        return new ImdsConfig(endpoint, mode, profile,
                given(given.tokenTtl(), DEFAULT_TOKEN_TTL),
                given.maxAttempts() != null ? new Setting<>(given.maxAttempts(), Source.BUILDER)
                        : attempts(),
                connect, read,
                given(given.operationTimeout(), DEFAULT_OPERATION_TIMEOUT),
                given(given.maxConnections(), DEFAULT_MAX_CONNECTIONS),
                given(given.backoffBase(), DEFAULT_BACKOFF_BASE),
                given(given.backoffMax(), DEFAULT_BACKOFF_MAX),
                given(given.connectRetry(), ConnectRetry.AUTO),
                given.executor() != null ? new Setting<>(given.executor(), Source.BUILDER)
                        : new Setting<>("the client's own: up to 4 daemon threads, started on "
                                + "first use", Source.DEFAULT),
                new Setting<>(host, given.host() != null ? Source.BUILDER
                        : Source.derived("detected: " + host.evidence())),
                disabled(), Optional.ofNullable(role()));
    }

    private static <T> Setting<T> given(T value, T defaultValue) {
        return value != null ? new Setting<>(value, Source.BUILDER)
                : new Setting<>(defaultValue, Source.DEFAULT);
    }

    /** Returns a variable's value, or null when it is unset or empty. */
    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private ProfileFile file() {
        if (file == null) {
            Path path = configFile();
            file = path == null ? ProfileFile.EMPTY : ProfileFile.load(path);
        }
        return file;
    }

    private Path configFile() {
        String home = env("HOME");
        if (home == null && processEnvironment) {
            home = System.getProperty("user.home");
        }
        String configured = env(ENV_CONFIG_FILE);
        if (configured != null) {
            if ((configured.equals("~") || configured.startsWith("~/")) && home != null) {
                return Path.of(home + configured.substring(1));
            }
            return Path.of(configured);
        }
        return home == null ? null : Path.of(home, ".aws", "config");
    }

    /** Records a broken active profile once, against the {@code profile} setting. */
    private void checkProfile() {
        String problem = file().problem(profile.value());
        if (problem != null && !problems.containsKey("profile")) {
            problems.put("profile", new Problem("profile", profile.value(), profile.source(),
                    problem));
        }
    }

    /** Looks a key up in the config file: the value with its source, or null. */
    private Setting<String> fromFile(String key) {
        if (file().problem(profile.value()) != null) {
            checkProfile();
            return null;
        }
        String value = file().get(profile.value(), key);
        if (value == null || value.isBlank()) {
            return null;
        }
        return new Setting<>(value.strip(), Source.configFile(file().name(), profile.value(),
                key));
    }

    private Setting<String> lookup(String variable, String key) {
        String v = env(variable);
        return v != null ? new Setting<>(v, Source.environment(variable)) : fromFile(key);
    }

    private Setting<EndpointMode> mode(EndpointMode given) {
        if (given != null) {
            return new Setting<>(given, Source.BUILDER);
        }
        Setting<String> raw = lookup(ENV_MODE, KEY_MODE);
        if (raw != null) {
            try {
                return new Setting<>(EndpointMode.parse(raw.value()), raw.source());
            } catch (IllegalArgumentException e) {
                bad("endpointMode", raw, "an endpoint mode (IPv4 or IPv6)");
            }
        }
        return new Setting<>(EndpointMode.IPV4, Source.DEFAULT);
    }

    private Setting<URI> endpoint(URI given, Setting<EndpointMode> mode, URI modeEndpoint) {
        if (given != null) {
            return new Setting<>(given, Source.BUILDER);
        }
        Setting<String> raw = lookup(ENV_ENDPOINT, KEY_ENDPOINT);
        if (raw != null) {
            try {
                return new Setting<>(parseEndpoint(raw.value()), raw.source());
            } catch (IllegalArgumentException e) {
                bad("endpoint", raw, "an http or https URI such as http://169.254.169.254 ("
                        + e.getMessage() + ")");
            }
        }
        return new Setting<>(modeEndpoint != null ? modeEndpoint : mode.value().endpoint(),
                Source.derived("endpoint mode " + mode.value() + " (" + mode.source() + ")"));
    }

    private Setting<Duration> timeout() {
        Setting<String> raw = lookup(ENV_TIMEOUT, KEY_TIMEOUT);
        if (raw != null) {
            try {
                return new Setting<>(parseSeconds(raw.value()), raw.source());
            } catch (IllegalArgumentException e) {
                bad("timeout", raw, "a number of seconds from 0.001 to 3600, such as 1 or 0.5");
            }
        }
        return new Setting<>(DEFAULT_TIMEOUT, Source.DEFAULT);
    }

    private Setting<Integer> attempts() {
        Setting<String> raw = lookup(ENV_ATTEMPTS, KEY_ATTEMPTS);
        if (raw == null) {
            return new Setting<>(DEFAULT_ATTEMPTS, Source.DEFAULT);
        }
        try {
            int n = Integer.parseInt(raw.value());
            if (n >= 1 && n <= MAX_ATTEMPTS) {
                return new Setting<>(n, raw.source());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        bad("maxAttempts", raw, "a whole number of attempts from 1 to " + MAX_ATTEMPTS);
        return new Setting<>(DEFAULT_ATTEMPTS, Source.DEFAULT);
    }

    /** The IAM role to read credentials for, if configured: one path segment. */
    private Setting<String> role() {
        Setting<String> raw = lookup(ENV_PROFILE_NAME, KEY_PROFILE_NAME);
        if (raw != null && !Paths.segment(raw.value())) {
            bad("instanceProfileName", raw, "an IAM role name (no '/', whitespace, control "
                    + "characters, '?', '#' or '%')");
            return null;
        }
        return raw;
    }

    private Setting<Boolean> disabled() {
        String v = env(ENV_DISABLED);
        return v == null ? new Setting<>(false, Source.DEFAULT)
                : new Setting<>(v.equalsIgnoreCase("true"), Source.environment(ENV_DISABLED));
    }

    private void bad(String setting, Setting<String> raw, String expected) {
        problems.putIfAbsent(setting, new Problem(setting, raw.value(), raw.source(),
                "invalid value '" + printable(raw.value()) + "' from " + raw.source()
                        + ": expected " + expected));
    }

    /** A duration as people write it: {@code 0.25 s}, {@code 3600 s}. */
    static String seconds(Duration d) {
        // seconds and nanos apart: toNanos() overflows beyond 292 years
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros().toPlainString() + " s";
    }

    /**
     * The value made safe for a one-line message: control, format (such as bidi overrides) and
     * other invisible characters escaped, and any user info in a URI ({@code
     * http://user:secret@host}) hidden, whatever characters the secret holds.
     */
    static String printable(String value) {
        int at = value.lastIndexOf('@');
        int from = at < 0 ? -1 : userInfoStart(value, at);
        if (from >= 0) {
            value = value.substring(0, from) + "<redacted>" + value.substring(at);
        }
        StringBuilder s = new StringBuilder();
        int limit = Math.min(value.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f) {
                s.append("\\x").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else if (Character.isISOControl(c) || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (Character.isSurrogate(c) && !pairedAt(value, i))) {
                s.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            } else {
                s.append(c);
            }
        }
        return value.length() > 200 ? s + "..." : s.toString();
    }

    /**
     * Where user info may start in a value whose last '@' is at {@code at}, or -1 when it holds
     * none; parseable or not, since a malformed endpoint is quoted in messages too. Whatever
     * stands between the start of an authority ({@code //}, the first one: a password may hold
     * '/', '?', '#' or '@') and the last '@' may be user info; without {@code //}, whatever
     * follows a scheme ({@code http:a:pw@h}) or, for a value with a ':' before the '@' and no
     * scheme (a leading space, {@code a:pw@h}), the whole value up to the '@'.
     */
    private static int userInfoStart(String value, int at) {
        int slashes = value.indexOf("//");
        if (slashes >= 0 && slashes < at) {
            int from = slashes;
            while (from < at && value.charAt(from) == '/') {
                from++;
            }
            return from;
        }
        int colon = schemeEnd(value);
        if (colon > 0 && colon < at) {
            return colon + 1;
        }
        int anyColon = value.indexOf(':');
        return anyColon >= 0 && anyColon < at ? 0 : -1;
    }

    /** The index of the ':' that ends a URI scheme at the start of {@code s}, or -1. */
    private static int schemeEnd(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':') {
                return i;
            }
            boolean ok = Character.isLetter(c) && c < 0x80
                    || i > 0 && (Character.isDigit(c) || c == '+' || c == '-' || c == '.');
            if (!ok) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * Checks an endpoint: an absolute http or https URI of printable ASCII with a host, a port
     * from 1 to 65535 if any, and optionally a path prefix; no user info, query, fragment or
     * IPv6 zone id.
     */
    static URI parseEndpoint(String text) {
        String t = text.strip();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("a non-ASCII, space or control character at "
                        + "position " + (i + 1) + "; percent-encode it");
            }
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            // not chained: its message quotes the input, user info and all
            throw new IllegalArgumentException("not a URI: " + e.getReason() + " at position "
                    + (e.getIndex() + 1));
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            // an authority java.net.URI cannot read as host and port, such as a port too large
            // for an int, is "registry-based": it has no host
            String authority = uri.getRawAuthority();
            int colon = authority == null ? -1 : authority.lastIndexOf(':');
            boolean port = colon >= 0 && colon + 1 < authority.length();
            for (int i = colon + 1; port && i < authority.length(); i++) {
                port = authority.charAt(i) >= '0' && authority.charAt(i) <= '9';
            }
            // digits that are a port in range leave the host as the problem (a_b:1)
            port = port && (authority.length() - colon > 6
                    || Integer.parseInt(authority.substring(colon + 1)) > 65_535);
            throw new IllegalArgumentException(port ? "the port must be 1 to 65535" : "no host");
        }
        if (uri.getHost().indexOf('%') >= 0) {
            throw new IllegalArgumentException("an IPv6 zone id (%...) is not supported");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new IllegalArgumentException("the port must be 1 to 65535");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("user info, query and fragment are not allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw new IllegalArgumentException("the path prefix must not hold '.' or '..' "
                        + "segments");
            }
        }
        return uri;
    }

    /** Parses a plain decimal number of seconds, such as {@code 1} or {@code 0.25}. */
    static Duration parseSeconds(String text) {
        // By hand: a regular expression and BigDecimal would cost a cold JVM milliseconds.
        String t = text.strip();
        int dot = t.indexOf('.');
        String whole = dot < 0 ? t : t.substring(0, dot);
        String fraction = dot < 0 ? "" : t.substring(dot + 1);
        if (!asciiDigits(whole) || (dot >= 0 && !asciiDigits(fraction))) {
            throw new IllegalArgumentException("not a plain decimal number");
        }
        long nanos = Long.parseLong(fraction.isEmpty() ? "0" : fraction);
        for (int i = fraction.length(); i < 9; i++) {
            nanos *= 10;
        }
        return checkTimeout("timeout",
                Duration.ofNanos(Long.parseLong(whole) * 1_000_000_000L + nanos));
    }

    /** One to nine ASCII digits: at most 999,999,999 seconds, which fits a long of nanos. */
    private static boolean asciiDigits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The one range rule for every timeout, from the builder, the environment or the file.
     *
     * @throws IllegalArgumentException naming {@code name} when it is below 1 ms or above 1 h
     */
    static Duration checkTimeout(String name, Duration timeout) {
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + ": must be 1 ms to 1 hour, not "
                    + seconds(timeout));
        }
        return timeout;
    }
}
