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
     * The client settings among the {@code imds4j.*} properties, each null when unset. A
     * holder of its own rather than an {@link ImdsProperties}, whose nest of beans would load
     * eight classes at start-up for nothing.
     */
    record ClientProperties(String endpoint, EndpointMode endpointMode, String profile,
            Duration tokenTtl, Integer maxAttempts, Duration connectTimeout, Duration readTimeout,
            Duration operationTimeout) {
        /** Whether any setting is set. */
        boolean anySet() {
            return endpoint != null || endpointMode != null || profile != null || tokenTtl != null
                    || maxAttempts != null || connectTimeout != null || readTimeout != null
                    || operationTimeout != null;
        }
    }

    /**
     * Returns the client settings among the {@code imds4j.*} properties, bound one by one:
     * binding the whole {@link ImdsProperties} (nested beans, a map, a set) costs a cold start
     * 10 to 20 ms, and a client needs only these eight.
     *
     * @throws org.springframework.boot.context.properties.bind.BindException naming the
     *     property whose value does not convert
     */
    static ClientProperties clientProperties(Binder binder) {
        // endpoint-mode as a string first: with no value, the binder would try EndpointMode as
        // a bean to bind nested properties into, which costs a cold start milliseconds.
        EndpointMode mode = bind(binder, "endpoint-mode", String.class) == null ? null
                : bind(binder, "endpoint-mode", EndpointMode.class);
        return new ClientProperties(bind(binder, "endpoint", String.class), mode,
                bind(binder, "profile", String.class), bind(binder, "token-ttl", Duration.class),
                bind(binder, "max-attempts", Integer.class),
                bind(binder, "connect-timeout", Duration.class),
                bind(binder, "read-timeout", Duration.class),
                bind(binder, "operation-timeout", Duration.class));
    }

    private static <T> T bind(Binder binder, String name, Class<T> type) {
        return binder.bind(ImdsProperties.PREFIX + "." + name, Bindable.of(type)).orElse(null);
    }

    /**
     * Returns a builder with the properties that are set applied. No I/O. Plain calls, no
     * method references: each would spin a class at start-up.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    static ImdsClient.Builder builder(ClientProperties p) {
        ImdsClient.Builder b = ImdsClient.builder();
        String name = null;
        try {
            if (p.endpoint() != null) {
                name = "endpoint";
                b.endpoint(p.endpoint());
            }
            if (p.endpointMode() != null) {
                name = "endpoint-mode";
                b.endpointMode(p.endpointMode());
            }
            if (p.profile() != null) {
                name = "profile";
                b.profile(p.profile());
            }
            if (p.tokenTtl() != null) {
                name = "token-ttl";
                b.tokenTtl(p.tokenTtl());
            }
            if (p.maxAttempts() != null) {
                name = "max-attempts";
                b.maxAttempts(p.maxAttempts());
            }
            if (p.connectTimeout() != null) {
                name = "connect-timeout";
                b.connectTimeout(p.connectTimeout());
            }
            if (p.readTimeout() != null) {
                name = "read-timeout";
                b.readTimeout(p.readTimeout());
            }
            if (p.operationTimeout() != null) {
                name = "operation-timeout";
                b.operationTimeout(p.operationTimeout());
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
