package dev.imds4j;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a client's settings from the builder, the environment and the AWS config file, in
 * the order IMDS.md fixes, remembering where each came from. Reads the config file at most once
 * and only when a setting is not given by the builder or the environment.
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
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(10);
    private static final String BUILDER = "builder";
    private static final String DEFAULT = "default";

    /** What the builder was given; null fields were not set. */
    record Explicit(URI endpoint, EndpointMode mode, String profile, Duration tokenTtl,
            Integer maxAttempts, Duration connectTimeout, Duration readTimeout,
            Duration operationTimeout, URI modeEndpoint) {}

    private final Map<String, String> env;
    private final boolean processEnvironment;
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
     * @throws ImdsConfigurationException naming the source and value of a bad setting
     */
    static ImdsConfig resolve(Explicit given, Map<String, String> env, boolean processEnvironment) {
        ConfigResolver r = new ConfigResolver(env, processEnvironment);
        r.profile = given.profile() != null ? new Setting<>(given.profile(), BUILDER)
                : r.env(ENV_PROFILE) != null ? new Setting<>(r.env(ENV_PROFILE),
                        "environment variable " + ENV_PROFILE)
                : new Setting<>(DEFAULT, DEFAULT);
        Setting<EndpointMode> mode = r.mode(given.mode());
        Setting<URI> endpoint = r.endpoint(given.endpoint(), mode, given.modeEndpoint());
        Setting<Duration> timeout = r.timeout();
        Setting<Duration> connect = given.connectTimeout() != null
                ? new Setting<>(given.connectTimeout(), BUILDER) : timeout;
        Setting<Duration> read = given.readTimeout() != null
                ? new Setting<>(given.readTimeout(), BUILDER) : timeout;
        return new ImdsConfig(endpoint, mode, r.profile,
                given.tokenTtl() != null ? new Setting<>(given.tokenTtl(), BUILDER)
                        : new Setting<>(DEFAULT_TOKEN_TTL, DEFAULT),
                given.maxAttempts() != null ? new Setting<>(given.maxAttempts(), BUILDER)
                        : r.attempts(),
                connect, read,
                given.operationTimeout() != null ? new Setting<>(given.operationTimeout(), BUILDER)
                        : new Setting<>(DEFAULT_OPERATION_TIMEOUT, DEFAULT),
                r.disabled(), Optional.ofNullable(r.lookup(ENV_PROFILE_NAME, KEY_PROFILE_NAME)));
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

    /** Looks a key up in the config file: the value with its source, or null. */
    private Setting<String> fromFile(String key) {
        String value = file().get(profile.value(), key);
        if (value == null || value.isBlank()) {
            return null;
        }
        return new Setting<>(value,
                file().name() + ", profile " + profile.value() + ", key " + key);
    }

    private Setting<String> lookup(String variable, String key) {
        String v = env(variable);
        return v != null ? new Setting<>(v, "environment variable " + variable) : fromFile(key);
    }

    private Setting<EndpointMode> mode(EndpointMode given) {
        if (given != null) {
            return new Setting<>(given, BUILDER);
        }
        Setting<String> raw = lookup(ENV_MODE, KEY_MODE);
        if (raw == null) {
            return new Setting<>(EndpointMode.IPV4, DEFAULT);
        }
        try {
            return new Setting<>(EndpointMode.parse(raw.value()), raw.source());
        } catch (IllegalArgumentException e) {
            throw bad(raw, "an endpoint mode (IPv4 or IPv6)", e);
        }
    }

    private Setting<URI> endpoint(URI given, Setting<EndpointMode> mode, URI modeEndpoint) {
        if (given != null) {
            return new Setting<>(given, BUILDER);
        }
        Setting<String> raw = lookup(ENV_ENDPOINT, KEY_ENDPOINT);
        if (raw == null) {
            return new Setting<>(modeEndpoint != null ? modeEndpoint : mode.value().endpoint(),
                    "endpoint mode " + mode.value() + " (" + mode.source() + ")");
        }
        try {
            return new Setting<>(parseEndpoint(raw.value()), raw.source());
        } catch (IllegalArgumentException e) {
            throw bad(raw, "an http or https URI such as http://169.254.169.254", e);
        }
    }

    private Setting<Duration> timeout() {
        Setting<String> raw = lookup(ENV_TIMEOUT, KEY_TIMEOUT);
        if (raw == null) {
            return new Setting<>(DEFAULT_TIMEOUT, DEFAULT);
        }
        try {
            return new Setting<>(parseSeconds(raw.value()), raw.source());
        } catch (IllegalArgumentException e) {
            throw bad(raw, "a number of seconds above 0 and at most 3600, such as 1 or 0.5", e);
        }
    }

    private Setting<Integer> attempts() {
        Setting<String> raw = lookup(ENV_ATTEMPTS, KEY_ATTEMPTS);
        if (raw == null) {
            return new Setting<>(DEFAULT_ATTEMPTS, DEFAULT);
        }
        try {
            int n = Integer.parseInt(raw.value());
            if (n >= 1 && n <= MAX_ATTEMPTS) {
                return new Setting<>(n, raw.source());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(raw, "a whole number of attempts from 1 to " + MAX_ATTEMPTS, null);
    }

    private Setting<Boolean> disabled() {
        String v = env(ENV_DISABLED);
        return v == null ? new Setting<>(false, DEFAULT)
                : new Setting<>(v.equalsIgnoreCase("true"), "environment variable " + ENV_DISABLED);
    }

    private static ImdsConfigurationException bad(Setting<String> raw, String expected,
            Throwable cause) {
        return new ImdsConfigurationException("invalid value '" + printable(raw.value())
                + "' from " + raw.source() + ": expected " + expected, cause);
    }

    /**
     * The value with control characters escaped, so that a message stays one line, and any user
     * info in a URI ({@code http://user:secret@host}) hidden.
     */
    static String printable(String value) {
        value = value.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1<redacted>@");
        StringBuilder s = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                s.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return value.length() > 200 ? s + "..." : s.toString();
    }

    /**
     * Checks an endpoint: an absolute http or https URI with a host, optionally a port and a
     * path prefix, and no user info, query or fragment.
     */
    static URI parseEndpoint(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getReason(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host");
        }
        if (uri.getPort() > 65_535) {
            throw new IllegalArgumentException("the port must be 1 to 65535");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("user info, query and fragment are not allowed");
        }
        return uri;
    }

    /** Parses a plain decimal number of seconds, such as {@code 1} or {@code 0.25}. */
    static Duration parseSeconds(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,9}(\\.\\d{1,9})?")) {
            throw new IllegalArgumentException("not a plain decimal number");
        }
        BigDecimal seconds = new BigDecimal(t);
        Duration d = Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        if (d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("out of range");
        }
        return d;
    }
}
