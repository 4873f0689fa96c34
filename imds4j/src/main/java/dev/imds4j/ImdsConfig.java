package dev.imds4j;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's resolved settings, each with its source, as {@link ImdsClient#config()} reports
 * them. Resolving them reads the environment and the AWS config file but sends nothing.
 *
 * @param endpoint the base URI requests go to
 * @param endpointMode the mode; decides the endpoint only when no endpoint is configured
 * @param profile the AWS profile whose settings were read
 * @param tokenTtl the session token lifetime asked for
 * @param maxAttempts attempts per request, the first included
 * @param connectTimeout the limit on opening a connection
 * @param readTimeout the limit on receiving one whole response
 * @param operationTimeout the limit on a whole call: token, attempts and backoff
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
        Setting<Boolean> disabled,
        Optional<Setting<String>> instanceProfileName) {

    /** Checks that no component is null. */
    public ImdsConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(endpointMode, "endpointMode");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(disabled, "disabled");
        Objects.requireNonNull(instanceProfileName, "instanceProfileName");
    }
}
