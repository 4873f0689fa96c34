/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.awssdk;

import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsException;
import dev.imds4j.InstanceCredentials;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * An AWS SDK for Java v2 {@link AwsCredentialsProvider} backed by imds4j's {@link
 * ImdsCredentialsProvider}: the instance role's credentials, cached, refreshed ahead of expiry
 * with one request for all callers, and kept usable through IMDS outages (static stability).
 *
 * <pre>{@code
 * ImdsClient imds = ImdsClient.create();
 * S3Client s3 = S3Client.builder()
 *         .credentialsProvider(ImdsAwsCredentialsProvider.create(imds))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. It uses, but does not own, the client: close the client when the SDK clients
 * using this provider are closed.
 */
public final class ImdsAwsCredentialsProvider implements AwsCredentialsProvider {
    private static final String NAME = "ImdsAwsCredentialsProvider";

    private final ImdsCredentialsProvider provider;

    private ImdsAwsCredentialsProvider(ImdsCredentialsProvider provider) {
        this.provider = provider;
    }

    /**
     * Returns a provider reading credentials through {@code client} with default settings.
     *
     * @param client the IMDS client; the caller keeps ownership
     * @return a new provider
     */
    public static ImdsAwsCredentialsProvider create(ImdsClient client) {
        return new ImdsAwsCredentialsProvider(ImdsCredentialsProvider.create(
                Objects.requireNonNull(client, "client")));
    }

    /**
     * Returns a provider around a configured imds4j provider (prefetch, clock, logger).
     *
     * @param provider the imds4j provider
     * @return a new provider
     */
    public static ImdsAwsCredentialsProvider of(ImdsCredentialsProvider provider) {
        return new ImdsAwsCredentialsProvider(Objects.requireNonNull(provider, "provider"));
    }

    /**
     * Returns session credentials of the instance role.
     *
     * @return credentials with their expiration and, where IMDS offers it, the account id
     * @throws SdkClientException wrapping the {@link ImdsException}, whose message names the
     *     request, the endpoint and the likely fix, never a secret
     */
    @Override
    public AwsCredentials resolveCredentials() {
        InstanceCredentials c;
        try {
            c = provider.credentials();
        } catch (ImdsException e) {
            throw SdkClientException.create("Unable to load credentials from IMDS: "
                    + e.getMessage(), e);
        }
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey().reveal())
                .sessionToken(c.sessionToken().reveal())
                .expirationTime(c.expiration())
                .providerName(NAME);
        if (c.accountId() != null) {
            b.accountId(c.accountId());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return NAME + "[" + provider + "]";
    }
}
