/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.EndpointMode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code imds4j.*} settings. Client settings left unset fall back, as everywhere in imds4j,
 * to the environment ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, ...) and the AWS config file
 * profile; see {@link dev.imds4j.ImdsClient}.
 *
 * <p>A mutable bean for Spring's binder; not thread-safe while being bound, read-only after.
 */
@ConfigurationProperties(prefix = ImdsProperties.PREFIX)
public class ImdsProperties {
    /** The prefix of these settings: {@value}. */
    public static final String PREFIX = "imds4j";

    /** Whether imds4j's auto-configuration applies at all. */
    private boolean enabled = true;

    /**
     * The IMDS endpoint, such as http://127.0.0.1:1338. Unset: AWS_EC2_METADATA_SERVICE_ENDPOINT,
     * then ec2_metadata_service_endpoint in the AWS config file, then the endpoint mode.
     */
    private String endpoint;

    /**
     * The endpoint mode, used only when no endpoint is configured anywhere. Unset:
     * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, then the config file, then IPv4.
     */
    private EndpointMode endpointMode;

    /** The AWS config file profile whose IMDS settings apply. Unset: AWS_PROFILE, then default. */
    private String profile;

    /** The session token lifetime to ask for, 1 s to 6 h in whole seconds. Unset: 6 h. */
    private Duration tokenTtl;

    /**
     * Requests sent per call, the first included, 1 to 20. Unset:
     * AWS_METADATA_SERVICE_NUM_ATTEMPTS, then the config file, then 4.
     */
    private Integer maxAttempts;

    /** The limit on opening a connection. Unset: AWS_METADATA_SERVICE_TIMEOUT, else 1 s. */
    private Duration connectTimeout;

    /** The limit on receiving one whole response. Unset: as the connect timeout. */
    private Duration readTimeout;

    /** The limit on a whole call: token, attempts and backoff. Unset: 10 s. */
    private Duration operationTimeout;

    private final Source propertySource = new Source();
    private final Metrics metrics = new Metrics();
    private final AwsSdk awsSdk = new AwsSdk();
    private final Interruption interruption = new Interruption();

    /** Creates the defaults; Spring binds the properties onto them. */
    public ImdsProperties() {}

    /**
     * Returns whether the auto-configuration applies.
     *
     * @return default true
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets whether the auto-configuration applies.
     *
     * @param enabled false to leave imds4j out of the context
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * Returns the configured endpoint.
     *
     * @return the endpoint, or null to resolve it from the environment
     */
    public String getEndpoint() {
        return endpoint;
    }

    /**
     * Sets the endpoint.
     *
     * @param endpoint an absolute http or https URI, or null
     */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Returns the configured endpoint mode.
     *
     * @return the mode, or null to resolve it from the environment
     */
    public EndpointMode getEndpointMode() {
        return endpointMode;
    }

    /**
     * Sets the endpoint mode.
     *
     * @param endpointMode IPV4 or IPV6, or null
     */
    public void setEndpointMode(EndpointMode endpointMode) {
        this.endpointMode = endpointMode;
    }

    /**
     * Returns the configured profile.
     *
     * @return the profile name, or null
     */
    public String getProfile() {
        return profile;
    }

    /**
     * Sets the profile.
     *
     * @param profile a profile name, or null
     */
    public void setProfile(String profile) {
        this.profile = profile;
    }

    /**
     * Returns the configured token lifetime.
     *
     * @return the lifetime, or null for the default
     */
    public Duration getTokenTtl() {
        return tokenTtl;
    }

    /**
     * Sets the token lifetime.
     *
     * @param tokenTtl 1 s to 6 h in whole seconds, or null
     */
    public void setTokenTtl(Duration tokenTtl) {
        this.tokenTtl = tokenTtl;
    }

    /**
     * Returns the configured attempt count.
     *
     * @return 1 to 20, or null
     */
    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    /**
     * Sets the attempt count.
     *
     * @param maxAttempts 1 to 20, or null
     */
    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /**
     * Returns the configured connect timeout.
     *
     * @return the timeout, or null
     */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout 1 ms to 1 h, or null
     */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Returns the configured read timeout.
     *
     * @return the timeout, or null
     */
    public Duration getReadTimeout() {
        return readTimeout;
    }

    /**
     * Sets the read timeout.
     *
     * @param readTimeout 1 ms to 1 h, or null
     */
    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    /**
     * Returns the configured whole-call limit.
     *
     * @return the limit, or null
     */
    public Duration getOperationTimeout() {
        return operationTimeout;
    }

    /**
     * Sets the whole-call limit.
     *
     * @param operationTimeout 1 ms to 1 h, or null
     */
    public void setOperationTimeout(Duration operationTimeout) {
        this.operationTimeout = operationTimeout;
    }

    /**
     * Returns the {@code imds.*} property source settings.
     *
     * @return the nested settings
     */
    public Source getPropertySource() {
        return propertySource;
    }

    /**
     * Returns the Micrometer settings.
     *
     * @return the nested settings
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * Returns the AWS SDK v2 settings.
     *
     * @return the nested settings
     */
    public AwsSdk getAwsSdk() {
        return awsSdk;
    }

    /**
     * Returns the interruption watcher settings.
     *
     * @return the nested settings
     */
    public Interruption getInterruption() {
        return interruption;
    }

    /** The {@code imds.*} property source: {@code imds4j.property-source.*}. */
    public static class Source {
        /** Whether instance metadata is offered as imds.* properties. */
        private boolean enabled = true;

        /**
         * How long a value that changes (spot/*, events/*, autoscaling/*, instance-action) is
         * kept before the next resolution reads it again; other values are read once.
         */
        private Duration refreshInterval = Duration.ofSeconds(5);

        /** Creates the default settings. */
        public Source() {}

        /**
         * Returns whether the property source is added.
         *
         * @return default true
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the property source is added.
         *
         * @param enabled false to leave it out
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns how long changing values are cached.
         *
         * @return default 5 s
         */
        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        /**
         * Sets how long changing values are cached.
         *
         * @param refreshInterval zero or more
         */
        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }
    }

    /** Micrometer common tags: {@code imds4j.metrics.*}. */
    public static class Metrics {
        /**
         * Common tags to add to every meter: tag name to imds.* key, such as instance to
         * instance-id or az to placement.availability-zone. Empty (the default) adds none.
         */
        private Map<String, String> commonTags = new LinkedHashMap<>();

        /** Creates the default settings. */
        public Metrics() {}

        /**
         * Returns the configured common tags.
         *
         * @return tag name to {@code imds.*} key; empty by default
         */
        public Map<String, String> getCommonTags() {
            return commonTags;
        }

        /**
         * Sets the common tags.
         *
         * @param commonTags tag name to {@code imds.*} key
         */
        public void setCommonTags(Map<String, String> commonTags) {
            this.commonTags = commonTags;
        }
    }

    /** AWS SDK for Java v2 providers: {@code imds4j.aws-sdk.*}. */
    public static class AwsSdk {
        private final Toggle credentialsProvider = new Toggle();
        private final Toggle regionProvider = new Toggle();

        /** Creates the default settings. */
        public AwsSdk() {}

        /**
         * Returns whether an {@code ImdsAwsCredentialsProvider} bean is defined.
         *
         * @return the setting; off by default
         */
        public Toggle getCredentialsProvider() {
            return credentialsProvider;
        }

        /**
         * Returns whether an {@code ImdsAwsRegionProvider} bean is defined.
         *
         * @return the setting; off by default
         */
        public Toggle getRegionProvider() {
            return regionProvider;
        }
    }

    /** An opt-in feature switch. */
    public static class Toggle {
        /** Whether the bean is defined. Off by default: the SDK's own chain stays in charge. */
        private boolean enabled;

        /** Creates a switch that is off. */
        public Toggle() {}

        /**
         * Returns whether the feature is on.
         *
         * @return default false
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Turns the feature on or off.
         *
         * @param enabled true to define the bean
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The interruption watcher: {@code imds4j.interruption.*}. */
    public static class Interruption {
        /**
         * Whether a watcher polls spot, rebalance, maintenance and auto scaling notices and
         * publishes them as application events. Never runs off EC2.
         */
        private boolean enabled;

        /** How often the watcher polls; at least 100 ms. */
        private Duration pollInterval = Duration.ofSeconds(5);

        private final Shutdown shutdown = new Shutdown();

        /** Creates the default settings. */
        public Interruption() {}

        /**
         * Returns whether the watcher runs.
         *
         * @return default false
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether the watcher runs.
         *
         * @param enabled true to watch
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns the poll interval.
         *
         * @return default 5 s, as AWS recommends for spot notices
         */
        public Duration getPollInterval() {
            return pollInterval;
        }

        /**
         * Sets the poll interval.
         *
         * @param pollInterval at least 100 ms
         */
        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        /**
         * Returns the graceful shutdown settings.
         *
         * @return the nested settings
         */
        public Shutdown getShutdown() {
            return shutdown;
        }
    }

    /** Graceful shutdown on a notice: {@code imds4j.interruption.shutdown.*}. */
    public static class Shutdown {
        /** Whether a notice starts a graceful shutdown of the application context. */
        private boolean enabled;

        /**
         * How long before the announced action the shutdown starts; at once when the notice
         * comes later than that or names no time.
         */
        private Duration leadTime = Duration.ofSeconds(60);

        /** Which notices start it. */
        private Set<ImdsNoticeEvent.Kind> on = EnumSet.of(ImdsNoticeEvent.Kind.SPOT_INTERRUPTION,
                ImdsNoticeEvent.Kind.TARGET_LIFECYCLE_STATE);

        /** Creates the default settings. */
        public Shutdown() {}

        /**
         * Returns whether notices start a shutdown.
         *
         * @return default false
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets whether notices start a shutdown.
         *
         * @param enabled true to shut down
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * Returns the lead time.
         *
         * @return default 60 s
         */
        public Duration getLeadTime() {
            return leadTime;
        }

        /**
         * Sets the lead time.
         *
         * @param leadTime zero or more
         */
        public void setLeadTime(Duration leadTime) {
            this.leadTime = leadTime;
        }

        /**
         * Returns the notices that start a shutdown.
         *
         * @return default spot interruption and a stopping or terminating target lifecycle state
         */
        public Set<ImdsNoticeEvent.Kind> getOn() {
            return on;
        }

        /**
         * Sets the notices that start a shutdown.
         *
         * @param on the kinds
         */
        public void setOn(Set<ImdsNoticeEvent.Kind> on) {
            this.on = on;
        }
    }
}
