/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

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
     * Returns a builder with the properties that are set applied. No I/O.
     *
     * @throws IllegalArgumentException naming the property whose value is invalid
     */
    static ImdsClient.Builder builder(ImdsProperties p) {
        ImdsClient.Builder b = ImdsClient.builder();
        set("endpoint", p.getEndpoint(), b::endpoint);
        set("endpoint-mode", p.getEndpointMode(), b::endpointMode);
        set("profile", p.getProfile(), b::profile);
        set("token-ttl", p.getTokenTtl(), b::tokenTtl);
        set("max-attempts", p.getMaxAttempts(), b::maxAttempts);
        set("connect-timeout", p.getConnectTimeout(), b::connectTimeout);
        set("read-timeout", p.getReadTimeout(), b::readTimeout);
        set("operation-timeout", p.getOperationTimeout(), b::operationTimeout);
        return b;
    }

    /** Applies {@code customizers} to {@code b}, in order. */
    static void customize(ImdsClient.Builder b, List<ImdsClientCustomizer> customizers) {
        for (ImdsClientCustomizer c : customizers) {
            c.customize(b);
        }
    }

    private static <T> void set(String name, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ImdsProperties.PREFIX + "." + name + ": "
                    + e.getMessage(), e);
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
