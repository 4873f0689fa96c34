/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConfigurationException;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.InstanceIdentity;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Detects the OpenTelemetry {@link Resource} of the EC2 instance this process runs on, from IMDSv2
 * (never IMDSv1), within a time budget, and at no cost off EC2.
 *
 * <p>One detection reads the instance identity document and {@code meta-data/hostname} (one
 * token, two GETs, on the calling thread: no thread is started), plus one GET per {@linkplain
 * Builder#tagKeys(Collection) tag key} asked for, and sets these attributes, named by the
 * OpenTelemetry semantic conventions:
 *
 * <table>
 *   <caption>Attributes</caption>
 *   <tr><th>attribute</th><th>value</th><th>example</th></tr>
 *   <tr><td>{@code cloud.provider}</td><td>{@code aws}</td><td></td></tr>
 *   <tr><td>{@code cloud.platform}</td><td>{@code aws_ec2}</td><td></td></tr>
 *   <tr><td>{@code cloud.account.id}</td><td>{@code accountId}</td>
 *       <td>{@code 123456789012}</td></tr>
 *   <tr><td>{@code cloud.region}</td><td>{@code region}</td><td>{@code eu-west-1}</td></tr>
 *   <tr><td>{@code cloud.availability_zone}</td><td>{@code availabilityZone}, the zone's name
 *       (the conventions define no attribute for the zone ID)</td><td>{@code eu-west-1a}</td>
 *       </tr>
 *   <tr><td>{@code host.id}</td><td>{@code instanceId}</td><td>{@code i-0b22a22eec53b9321}</td>
 *       </tr>
 *   <tr><td>{@code host.type}</td><td>{@code instanceType}</td><td>{@code m5.large}</td></tr>
 *   <tr><td>{@code host.image.id}</td><td>{@code imageId}</td>
 *       <td>{@code ami-0c1c30571d2dae5c9}</td></tr>
 *   <tr><td>{@code host.name}</td><td>{@code meta-data/hostname}; absent when IMDS has none
 *       </td><td>{@code ip-10-0-1-23.eu-west-1.compute.internal}</td></tr>
 *   <tr><td>{@code host.arch}</td><td>{@code architecture} as the conventions name it: {@code
 *       x86_64} and {@code x86_64_mac} become {@code amd64}, {@code arm64} and {@code arm64_mac}
 *       {@code arm64}, {@code i386} {@code x86}; any other value is kept as served</td>
 *       <td>{@code amd64}</td></tr>
 *   <tr><td>{@code ec2.tag.<key>}</td><td>the instance tag {@code <key>}, for the keys asked
 *       for (the name the OpenTelemetry Collector's EC2 detector uses)</td><td></td></tr>
 * </table>
 *
 * <p>The resource carries no schema URL of its own: these attribute names are the same in every
 * release of the conventions checked (1.25 to 1.45), and a URL that differs from the SDK's own
 * makes every merge drop both URLs with an INFO record at each start. The identity document and the
 * host name are all or nothing: when either cannot be read in time, for whatever reason, the
 * result is {@link Resource#empty()} and one log record says why — a container's hop limit, IMDS
 * turned off, no IMDS at all (WARNING when the host is known to be EC2 or an endpoint is
 * configured, INFO otherwise). A host name IMDS does not have (404) is left out. Tags are best
 * effort: a missing tag, or tags not offered in IMDS, leave no attribute and no log record; a tag
 * that fails or does not arrive in time is left out with one log record.
 *
 * <p><b>Time.</b> {@link #detect()} returns within the {@linkplain Builder#timeout(Duration)
 * timeout} (1 s by default) plus the few milliseconds closing its connections takes, whatever
 * IMDS does: no answer, a dropped token response, slow or failing answers. Every request of one
 * detection ends by one deadline ({@link ImdsClient#withDeadlineAfter(Duration)}), and no read
 * waits for more than half of the timeout, so that a lost answer is retried once and a
 * container's dropped token response (the hop-limit signature) is recognised and named in the
 * log within the budget.
 *
 * <p><b>Off EC2.</b> When {@link Ec2Host} says the host is not EC2 and no endpoint is configured,
 * or {@code AWS_EC2_METADATA_DISABLED=true}, or the process runs on AWS Lambda or ECS on
 * Fargate (which offer no IMDS), {@code detect()} returns at once: no packet, no thread, no JSON
 * parser loaded. An endpoint configured through {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} or the
 * AWS config file always wins, so an emulator can stand in anywhere. When the host's nature is
 * unknown (no firmware data, as in some containers), detection tries within the budget.
 *
 * <p>The client's own settings (endpoint, endpoint mode, attempts, profile) come from the
 * environment and the AWS config file as for any {@link ImdsClient}. Each detection uses its own
 * client and closes it, with its connections, before returning. Instances are immutable and
 * thread-safe; {@code detect()} may be called again and detects afresh.
 *
 * <pre>{@code
 * Resource resource = Resource.getDefault()
 *         .merge(Ec2ResourceDetector.builder().tagKeys(List.of("Name")).build().detect());
 * SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource).build();
 * }</pre>
 */
public final class Ec2ResourceDetector {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final String HOSTNAME = "/latest/meta-data/hostname";
    static final String TAGS = "/latest/meta-data/tags/instance/";
    private static final int MAX_TAG_KEY = 128;
    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_CONFIG = 1 << 20;

    private final Map<String, String> environment;
    private final Ec2Host host;
    private final Duration timeout;
    private final List<String> tagKeys;
    private final System.Logger logger;
    private final Consumer<ImdsClient.Builder> clientSettings;

    private Ec2ResourceDetector(Builder b) {
        this.environment = b.environment;
        this.host = b.host;
        this.timeout = b.timeout;
        this.tagKeys = b.tagKeys;
        this.logger = b.logger;
        this.clientSettings = b.clientSettings;
    }

    /**
     * Returns a builder with the defaults: a 1 s timeout, no tags, the process environment and
     * {@link Ec2Host#current()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the time budget of one detection.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the instance tag keys read into {@code ec2.tag.<key>} attributes.
     *
     * @return the keys, in the order given; empty by default
     */
    public List<String> tagKeys() {
        return tagKeys;
    }

    /**
     * Detects the resource: at once off EC2, within the timeout otherwise. Never throws: what
     * goes wrong is logged (see the class description).
     *
     * @return the EC2 resource, or {@link Resource#empty()} when there is none to be had
     */
    public Resource detect() {
        return detect(System.nanoTime());
    }

    /** Detects within the timeout counted from {@code startNanos}, a {@link System#nanoTime()}. */
    Resource detect(long startNanos) {
        long deadline = startNanos + timeout.toNanos();
        Map<String, String> env = environment != null ? environment : System.getenv();
        Ec2Host here = host != null ? host : Ec2Host.current();
        String platform = platformWithoutImds(env);
        if ((here.kind() == Ec2Host.Kind.NOT_EC2 || platform != null)
                && noEndpointAnywhere(env, environment == null)) {
            // The common case off EC2, decided without building a client (a few dozen classes).
            System.Logger log = logger();
            if (log.isLoggable(Level.DEBUG)) {
                log.log(Level.DEBUG, "EC2 resource detection skipped, nothing sent: "
                        + (platform != null ? platform + " offers no IMDS"
                        : "this host is not an EC2 instance (" + here.evidence() + ")")
                        + ", and no IMDS endpoint is configured");
            }
            return Resource.empty();
        }
        ImdsClient imds;
        try {
            imds = client().build();
        } catch (ImdsConfigurationException e) {
            logger().log(Level.WARNING, "EC2 resource detection skipped: " + e.getMessage());
            return Resource.empty();
        }
        try (imds) {
            if (imds.config().disabled().value()) {
                debug("EC2 resource detection skipped: IMDS is turned off by "
                        + imds.config().disabled().source() + "=true");
                return Resource.empty();
            }
            if (imds.knownOffEc2()) {
                debug("EC2 resource detection skipped, nothing sent: this host is not an EC2 "
                        + "instance (" + imds.host().evidence() + ") and no IMDS endpoint is "
                        + "configured");
                return Resource.empty();
            }
            if (platform != null && defaultEndpoint(imds)) {
                debug("EC2 resource detection skipped, nothing sent: " + platform
                        + " offers no IMDS, and no IMDS endpoint is configured");
                return Resource.empty();
            }
            // A lost answer is retried once within the budget: no read waits for more than
            // half of it. The client's own limits hold where they are shorter.
            Duration halfBudget = nanos((deadline - System.nanoTime()) / 2);
            if (imds.config().readTimeout().value().compareTo(halfBudget) <= 0) {
                return fetch(imds, deadline);
            }
            try (ImdsClient capped = client().readTimeout(halfBudget).build()) {
                return fetch(capped, deadline);
            }
        }
    }

    /** A client builder with this detector's environment, host and logging. */
    private ImdsClient.Builder client() {
        ImdsClient.Builder b = ImdsClient.builder().logger(new Demoted(this));
        if (environment != null) {
            b.environment(environment);
        }
        if (host != null) {
            b.host(host);
        }
        if (clientSettings != null) {
            clientSettings.accept(b);
        }
        return b;
    }

    /**
     * Reads the document, the host name and the tags on this thread, one after another, all
     * within one deadline. The client gives up a little before the detector's deadline, so that
     * its failure, which names the request and the likely cause, is the one reported.
     */
    private Resource fetch(ImdsClient imds, long deadline) {
        long remaining = deadline - System.nanoTime();
        ImdsClient bounded = imds.withDeadlineAfter(Duration.ofNanos(
                Math.max(0, remaining - Math.min(GRACE_NANOS, remaining / 10))));
        AttributesBuilder attributes;
        try {
            InstanceIdentity identity = bounded.metadata().identityDocument();
            attributes = Keys.identity(identity, orNotFound(bounded, HOSTNAME));
        } catch (ImdsException e) {
            // the client's message names the request, the cause and, for a token response that
            // never came, the hop-limit fix
            String message = e.getMessage();
            boolean spent = deadline - System.nanoTime() <= GRACE_NANOS;
            logger().log(failureLevel(imds), "EC2 resource detection failed, the resource has no "
                    + "EC2 attributes: " + message + (spent ? (message.endsWith(".") ? "" : ".")
                            + " The budget is the detector's timeout (" + timeout.toMillis()
                            + " ms; otel.resource.imds4j.timeout under autoconfiguration)." : ""));
            return Resource.empty();
        } catch (RuntimeException e) {
            // A resource detector must never stop the application from starting.
            logger().log(Level.WARNING, "EC2 resource detection failed unexpectedly; the "
                    + "resource has no EC2 attributes", e);
            return Resource.empty();
        }
        List<String> unread = new ArrayList<>();
        String why = null;
        for (String key : tagKeys) {
            try {
                String value = orNotFound(bounded, TAGS + key);
                if (value != null) {
                    attributes.put(Keys.tag(key), value);
                }
            } catch (ImdsException | RuntimeException e) {
                unread.add(key);
                why = why == null ? e.getMessage() : why;
            }
        }
        if (why != null) {
            logger().log(failureLevel(imds), "EC2 resource detection left out the instance tags "
                    + unread + ": " + why);
        }
        return Resource.create(attributes.build());
    }

    /** The value at {@code path}, trimmed; null when IMDS answered 404. */
    private static String orNotFound(ImdsClient imds, String path) throws ImdsException {
        try {
            return imds.get(path).reveal().trim();
        } catch (ImdsStatusException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Whether no IMDS endpoint can be configured: no {@code AWS_EC2_METADATA_SERVICE_ENDPOINT},
     * and no AWS config file, or one that never mentions {@code ec2_metadata_service_endpoint}
     * in any profile, or one that is not a regular file (the client ignores it: a FIFO or a pipe
     * is never opened). Conservative: when in doubt (a {@code ~} path, an unreadable or huge file)
     * it says false and the client resolves the settings properly.
     */
    static boolean noEndpointAnywhere(Map<String, String> env, boolean processEnvironment) {
        if (env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") != null) {
            return false;
        }
        String home = env.get("HOME");
        if (home == null && processEnvironment) {
            home = System.getProperty("user.home");
        }
        String configured = env.get("AWS_CONFIG_FILE");
        Path file;
        try {
            if (configured != null) {
                if (configured.startsWith("~")) {
                    return false;
                }
                file = Path.of(configured);
            } else if (home != null) {
                file = Path.of(home, ".aws", "config");
            } else {
                return true;
            }
        } catch (InvalidPathException e) {
            return false;
        }
        if (!Files.isRegularFile(file)) {
            // the client ignores a config file that is not a regular file (and so must this: a
            // FIFO would block the open, a pipe would be used up); a missing one has nothing
            return true;
        }
        // FileInputStream, not Files.newInputStream: no NIO channel classes off EC2 either
        try (InputStream in = new FileInputStream(file.toFile())) {
            byte[] text = in.readNBytes(MAX_CONFIG + 1);
            return text.length <= MAX_CONFIG && !new String(text, StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT).contains("ec2_metadata_service_endpoint");
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false; // unreadable, or gone since the check: let the client decide
        }
    }

    /** Lambda and ECS on Fargate run without IMDS; their runtimes announce themselves. */
    static String platformWithoutImds(Map<String, String> env) {
        if (env.get("AWS_LAMBDA_FUNCTION_NAME") != null) {
            return "AWS Lambda (AWS_LAMBDA_FUNCTION_NAME is set)";
        }
        String executionEnv = env.get("AWS_EXECUTION_ENV");
        if (executionEnv != null && executionEnv.startsWith("AWS_ECS_FARGATE")) {
            return "ECS on Fargate (AWS_EXECUTION_ENV=AWS_ECS_FARGATE)";
        }
        return null;
    }

    /** Whether the client's endpoint comes from its endpoint mode: none is configured. */
    private static boolean defaultEndpoint(ImdsClient imds) {
        return !imds.config().endpointConfigured();
    }

    /** A duration of {@code n} nanoseconds, at least the client's minimum of 1 ms. */
    private static Duration nanos(long n) {
        return Duration.ofNanos(Math.max(n, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    /** Maps EC2's {@code architecture} to the conventions' {@code host.arch} values. */
    static String hostArch(String architecture) {
        switch (architecture) {
            case "x86_64":
            case "x86_64_mac":
                return "amd64";
            case "arm64":
            case "arm64_mac":
                return "arm64";
            case "i386":
                return "x86";
            default:
                return architecture;
        }
    }

    /**
     * Checks a tag key as IMDS can serve it: 1 to 128 letters, digits and {@code + - = . , _ : @},
     * not {@code .}, {@code ..} or {@code _index} (AWS, "Work with instance tags in instance
     * metadata").
     */
    static String checkTagKey(String key) {
        Objects.requireNonNull(key, "tag key");
        if (key.isEmpty() || key.length() > MAX_TAG_KEY || key.equals(".") || key.equals("..")
                || key.equals("_index")) {
            throw new IllegalArgumentException("tag key '" + printable(key) + "': IMDS serves "
                    + "keys of 1 to 128 characters other than '.', '..' and '_index'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')
                    && "+-=.,_:@".indexOf(c) < 0) {
                throw new IllegalArgumentException("tag key '" + printable(key) + "': IMDS "
                        + "serves only keys of letters, digits and + - = . , _ : @");
            }
        }
        return key;
    }

    /** The text with control characters escaped, for messages; at most 80 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }

    /** The attribute keys, loaded only when there is a resource to build. */
    private static final class Keys {
        static final AttributeKey<String> CLOUD_PROVIDER = AttributeKey.stringKey("cloud.provider");
        static final AttributeKey<String> CLOUD_PLATFORM = AttributeKey.stringKey("cloud.platform");
        static final AttributeKey<String> CLOUD_ACCOUNT_ID =
                AttributeKey.stringKey("cloud.account.id");
        static final AttributeKey<String> CLOUD_REGION = AttributeKey.stringKey("cloud.region");
        static final AttributeKey<String> CLOUD_AVAILABILITY_ZONE =
                AttributeKey.stringKey("cloud.availability_zone");
        static final AttributeKey<String> HOST_ID = AttributeKey.stringKey("host.id");
        static final AttributeKey<String> HOST_TYPE = AttributeKey.stringKey("host.type");
        static final AttributeKey<String> HOST_IMAGE_ID = AttributeKey.stringKey("host.image.id");
        static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
        static final AttributeKey<String> HOST_ARCH = AttributeKey.stringKey("host.arch");

        static AttributesBuilder identity(InstanceIdentity id, String hostname) {
            AttributesBuilder b = Attributes.builder()
                    .put(CLOUD_PROVIDER, "aws")
                    .put(CLOUD_PLATFORM, "aws_ec2")
                    .put(CLOUD_ACCOUNT_ID, id.accountId())
                    .put(CLOUD_REGION, id.region())
                    .put(CLOUD_AVAILABILITY_ZONE, id.availabilityZone())
                    .put(HOST_ID, id.instanceId())
                    .put(HOST_TYPE, id.instanceType())
                    .put(HOST_IMAGE_ID, id.imageId());
            if (hostname != null && !hostname.isEmpty()) {
                b.put(HOST_NAME, hostname);
            }
            if (id.architecture() != null && !id.architecture().isEmpty()) {
                b.put(HOST_ARCH, hostArch(id.architecture()));
            }
            return b;
        }

        static AttributeKey<String> tag(String key) {
            return AttributeKey.stringKey("ec2.tag." + key);
        }
    }

    /**
     * The default logger, made on first use: java.util.logging's, where the OpenTelemetry SDK
     * logs, without System.getLogger's search of the class path for a LoggerFinder.
     */
    private static final class DefaultLog {
        static final System.Logger LOGGER = new JulLogger(
                java.util.logging.Logger.getLogger(Ec2ResourceDetector.class.getName()));
    }

    /** The given logger, else the default one (looked up only when a record may be written). */
    private System.Logger logger() {
        return logger != null ? logger : DefaultLog.LOGGER;
    }

    private void debug(String message) {
        System.Logger log = logger();
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, message);
        }
    }

    /** WARNING where IMDS should have answered: an EC2 host, or an endpoint set by hand. */
    private static Level failureLevel(ImdsClient imds) {
        return imds.host().kind() == Ec2Host.Kind.EC2 || !defaultEndpoint(imds) ? Level.WARNING
                : Level.INFO;
    }

    /**
     * The client's per-attempt records and its WARNING when retries run out, passed on at DEBUG
     * at most, so that a failed detection logs one line of its own. The logger is resolved on
     * the first record, as the client resolves its own.
     */
    private static final class Demoted implements System.Logger {
        private final Ec2ResourceDetector detector;

        Demoted(Ec2ResourceDetector detector) {
            this.detector = detector;
        }

        @Override
        public String getName() {
            return detector.logger().getName();
        }

        @Override
        public boolean isLoggable(Level level) {
            return detector.logger().isLoggable(cap(level));
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String msg,
                Throwable thrown) {
            detector.logger().log(cap(level), bundle, msg, thrown);
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format,
                Object... params) {
            detector.logger().log(cap(level), bundle, format, params);
        }

        private static Level cap(Level level) {
            return level.getSeverity() > Level.DEBUG.getSeverity() ? Level.DEBUG : level;
        }
    }

    /**
     * Configures an {@link Ec2ResourceDetector}. Not thread-safe; each setter checks its argument
     * at once.
     */
    public static final class Builder {
        private Map<String, String> environment;
        private Ec2Host host;
        private Duration timeout = DEFAULT_TIMEOUT;
        private List<String> tagKeys = List.of();
        private System.Logger logger;
        private Consumer<ImdsClient.Builder> clientSettings;

        private Builder() {}

        /**
         * Sets the time budget of one detection: connecting, the token, every request, retries.
         *
         * @param timeout 1 ms to 1 hour; default 1 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeout: must be 1 ms to 1 hour: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the instance tags to read into {@code ec2.tag.<key>} attributes, one GET each,
         * after the document and the host name, within the same budget. A tag that is missing,
         * or tags not being served in IMDS (the instance option {@code InstanceMetadataTags} is
         * off by default), leave no attribute and no log record.
         *
         * @param keys tag keys as IMDS serves them: 1 to 128 letters, digits and {@code + - = .
         *     , _ : @}; duplicates are dropped; default none
         * @return this builder
         * @throws IllegalArgumentException if a key is one IMDS cannot serve
         */
        public Builder tagKeys(Collection<String> keys) {
            Objects.requireNonNull(keys, "keys");
            LinkedHashSet<String> checked = new LinkedHashSet<>();
            for (String key : keys) {
                checked.add(checkTagKey(key));
            }
            this.tagKeys = List.copyOf(checked);
            return this;
        }

        /**
         * Replaces the process environment for the platform checks (Lambda, Fargate) and the
         * client's settings, as {@link ImdsClient.Builder#environment(Map)} does.
         *
         * @param variables the environment; copied; default the process environment
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(Objects.requireNonNull(variables, "variables"));
            return this;
        }

        /**
         * Sets the EC2 host detection to act on, as {@link ImdsClient.Builder#host(Ec2Host)} does.
         *
         * @param host the detection; default {@link Ec2Host#current()}
         * @return this builder
         */
        public Builder host(Ec2Host host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Sets the logger for the one record a failed detection writes (and, at DEBUG, the
         * client's per-attempt records). Never a token or a body.
         *
         * @param logger the logger; default: the {@code java.util.logging} logger {@code
         *     dev.imds4j.opentelemetry.Ec2ResourceDetector}, where the OpenTelemetry SDK's own
         *     records go
         * @return this builder
         */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** For tests: applied to every client builder the detector makes, before its limits. */
        Builder clientSettings(Consumer<ImdsClient.Builder> settings) {
            this.clientSettings = settings;
            return this;
        }

        /**
         * Builds the detector. Nothing is read or sent until {@link Ec2ResourceDetector#detect()}.
         *
         * @return a new detector
         */
        public Ec2ResourceDetector build() {
            return new Ec2ResourceDetector(this);
        }
    }
}
