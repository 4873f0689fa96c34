/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's resolved settings, each with its source, as {@link ImdsClient#config()} reports
 * them. Resolving them reads the environment, the AWS config file and {@code /sys} (for {@link
 * Ec2Host}) but sends nothing.
 *
 * @param endpoint the base URI requests go to; its source is {@link Source.Kind#DERIVED} when
 *     no endpoint was configured and it stands for the endpoint mode
 * @param endpointMode the mode; decides the endpoint only when no endpoint is configured
 * @param profile the AWS profile whose settings were read
 * @param tokenTtl the session token lifetime asked for
 * @param maxAttempts attempts per request, the first included
 * @param connectTimeout the limit on opening a connection
 * @param readTimeout the limit on receiving one whole response
 * @param operationTimeout the limit on a whole call: token, attempts and backoff
 * @param maxConnections the most connections open at once, idle ones included
 * @param retryBackoffBase the backoff before the second attempt, doubled for each further one
 * @param retryBackoffMax the cap on the backoff
 * @param connectRetry when refused connections and connect timeouts are retried
 * @param executor what async calls run on: the client's own threads, or the given executor
 * @param host the EC2 host detection the client acts on
 * @param disabled whether {@code AWS_EC2_METADATA_DISABLED} turns IMDS access off
 * @param instanceProfileName the IAM role to read credentials for, from {@code
 *     AWS_EC2_INSTANCE_PROFILE_NAME} or {@code ec2_instance_profile_name}; empty to discover it
 */
public record ImdsConfig(
        Setting<URI> endpoint,
        Setting<EndpointMode> endpointMode,
        Setting<String> profile,
        Setting<Duration> tokenTtl,
        Setting<Integer> maxAttempts,
        Setting<Duration> connectTimeout,
        Setting<Duration> readTimeout,
        Setting<Duration> operationTimeout,
        Setting<Integer> maxConnections,
        Setting<Duration> retryBackoffBase,
        Setting<Duration> retryBackoffMax,
        Setting<ConnectRetry> connectRetry,
        Setting<String> executor,
        Setting<Ec2Host> host,
        Setting<Boolean> disabled,
        Optional<Setting<String>> instanceProfileName) {

    /**
     * Checks that no component is null.
     *
     * @param endpoint the value for the {@code endpoint} record component
     * @param endpointMode the value for the {@code endpointMode} record component
     * @param profile the value for the {@code profile} record component
     * @param tokenTtl the value for the {@code tokenTtl} record component
     * @param maxAttempts the value for the {@code maxAttempts} record component
     * @param connectTimeout the value for the {@code connectTimeout} record component
     * @param readTimeout the value for the {@code readTimeout} record component
     * @param operationTimeout the value for the {@code operationTimeout} record component
     * @param maxConnections the value for the {@code maxConnections} record component
     * @param retryBackoffBase the value for the {@code retryBackoffBase} record component
     * @param retryBackoffMax the value for the {@code retryBackoffMax} record component
     * @param connectRetry the value for the {@code connectRetry} record component
     * @param executor the value for the {@code executor} record component
     * @param host the value for the {@code host} record component
     * @param disabled the value for the {@code disabled} record component
     * @param instanceProfileName the value for the {@code instanceProfileName} record component
     */
    public ImdsConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(endpointMode, "endpointMode");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(maxConnections, "maxConnections");
        Objects.requireNonNull(retryBackoffBase, "retryBackoffBase");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        Objects.requireNonNull(connectRetry, "connectRetry");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(disabled, "disabled");
        Objects.requireNonNull(instanceProfileName, "instanceProfileName");
    }

    /**
     * Returns whether an endpoint was configured (builder, environment or config file) rather
     * than derived from the endpoint mode.
     *
     * @return true for a configured endpoint
     */
    public boolean endpointConfigured() {
        return endpoint.source().kind() != Source.Kind.DERIVED;
    }
}
