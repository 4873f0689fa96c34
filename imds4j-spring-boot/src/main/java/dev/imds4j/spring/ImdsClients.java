/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.Ec2Host;
import dev.imds4j.EndpointMode;
import dev.imds4j.ImdsClient;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/** Builds the client the auto-configuration defines from the {@code imds4j.*} properties. */
final class ImdsClients {
    private ImdsClients() {}

    /**
     * Applies the properties that are set, then the customizers, and builds. No I/O beyond the
     * AWS config file; no network traffic.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    static ImdsClient build(ImdsProperties p, List<ImdsClientCustomizer> customizers) {
        ImdsClient.Builder b = builder(p);
        customize(b, customizers);
        return b.build();
    }

    /**
     * Returns the client settings among the {@code imds4j.*} properties, bound one by one into
     * an otherwise default {@link ImdsProperties}: binding the whole bean (nested beans, a map,
     * a set) costs a cold start 10 to 20 ms, and a client needs only these eight.
     *
     * @throws org.springframework.boot.context.properties.bind.BindException naming the
     *     property whose value does not convert
     */
    static ImdsProperties clientProperties(Binder binder) {
        ImdsProperties p = new ImdsProperties();
        p.setEndpoint(bind(binder, "endpoint", String.class));
        // As a string first: with no value, the binder would try EndpointMode as a bean to
        // bind nested properties into, which costs a cold start several milliseconds.
        if (bind(binder, "endpoint-mode", String.class) != null) {
            p.setEndpointMode(bind(binder, "endpoint-mode", EndpointMode.class));
        }
        p.setProfile(bind(binder, "profile", String.class));
        p.setTokenTtl(bind(binder, "token-ttl", Duration.class));
        p.setMaxAttempts(bind(binder, "max-attempts", Integer.class));
        p.setConnectTimeout(bind(binder, "connect-timeout", Duration.class));
        p.setReadTimeout(bind(binder, "read-timeout", Duration.class));
        p.setOperationTimeout(bind(binder, "operation-timeout", Duration.class));
        return p;
    }

    private static <T> T bind(Binder binder, String name, Class<T> type) {
        return binder.bind(ImdsProperties.PREFIX + "." + name, Bindable.of(type)).orElse(null);
    }

    /** Whether any client setting is among the properties. */
    static boolean anyClientSetting(ImdsProperties p) {
        return p.getEndpoint() != null || p.getEndpointMode() != null || p.getProfile() != null
                || p.getTokenTtl() != null || p.getMaxAttempts() != null
                || p.getConnectTimeout() != null || p.getReadTimeout() != null
                || p.getOperationTimeout() != null;
    }

    /**
     * Returns a builder with the properties that are set applied. No I/O. Plain calls, no
     * method references: each would spin a class at start-up.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    static ImdsClient.Builder builder(ImdsProperties p) {
        ImdsClient.Builder b = ImdsClient.builder();
        String name = null;
        try {
            if (p.getEndpoint() != null) {
                name = "endpoint";
                b.endpoint(p.getEndpoint());
            }
            if (p.getEndpointMode() != null) {
                name = "endpoint-mode";
                b.endpointMode(p.getEndpointMode());
            }
            if (p.getProfile() != null) {
                name = "profile";
                b.profile(p.getProfile());
            }
            if (p.getTokenTtl() != null) {
                name = "token-ttl";
                b.tokenTtl(p.getTokenTtl());
            }
            if (p.getMaxAttempts() != null) {
                name = "max-attempts";
                b.maxAttempts(p.getMaxAttempts());
            }
            if (p.getConnectTimeout() != null) {
                name = "connect-timeout";
                b.connectTimeout(p.getConnectTimeout());
            }
            if (p.getReadTimeout() != null) {
                name = "read-timeout";
                b.readTimeout(p.getReadTimeout());
            }
            if (p.getOperationTimeout() != null) {
                name = "operation-timeout";
                b.operationTimeout(p.getOperationTimeout());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ImdsProperties.PREFIX + "." + name + ": "
                    + e.getMessage(), e);
        }
        return b;
    }

    /** Applies {@code customizers} to {@code b}, in order. */
    static void customize(ImdsClient.Builder b, List<ImdsClientCustomizer> customizers) {
        for (ImdsClientCustomizer c : customizers) {
            c.customize(b);
        }
    }

    /**
     * Returns whether IMDS should answer for {@code client}: the host is EC2, or an endpoint is
     * configured. When neither holds and IMDS does not answer, the process is most likely not
     * on EC2, and integrations report "unknown" rather than a failure.
     */
    static boolean expected(ImdsClient client) {
        return client.host().kind() == Ec2Host.Kind.EC2
                || client.config().endpointConfigured();
    }

    /** Checks a duration property: not negative (or, with {@code positive}, above zero). */
    static Duration check(String name, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0) {
            throw new IllegalArgumentException(ImdsProperties.PREFIX + "." + name
                    + ": must be at least " + min + ": " + value);
        }
        return value;
    }
}
