/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.Objects;

/**
 * Temporary AWS credentials of the instance's IAM role. The secret parts are {@link
 * SensitiveString}s, so {@link #toString()} shows only the access key id and the times.
 *
 * @param roleName the role they belong to
 * @param accessKeyId such as {@code ASIA...}; not secret on its own
 * @param secretAccessKey the secret key
 * @param sessionToken the session token
 * @param expiration when they stop working (possibly extended by the provider when IMDS is
 *     unavailable; see {@link ImdsCredentialsProvider})
 * @param lastUpdated when IMDS issued them; null if not stated
 * @param accountId the role's account, from the extended credentials path; null when not offered
 * @param servedExpiration the {@code Expiration} field exactly as IMDS served it (such as {@code
 *     2030-01-01T00:00:00.123+01:00}), for those who pass it on (a {@code credential_process},
 *     {@code AWS_CREDENTIAL_EXPIRATION}); once the provider extends the expiration, the ISO form
 *     of the new {@code expiration}. Null stands for {@code expiration}'s ISO form.
 */
public record InstanceCredentials(
        String roleName,
        String accessKeyId,
        SensitiveString secretAccessKey,
        SensitiveString sessionToken,
        Instant expiration,
        Instant lastUpdated,
        String accountId,
        String servedExpiration) {

    /**
     * Checks the components every set of credentials has.
     *
     * @param roleName the value for the {@code roleName} record component
     * @param accessKeyId the value for the {@code accessKeyId} record component
     * @param secretAccessKey the value for the {@code secretAccessKey} record component
     * @param sessionToken the value for the {@code sessionToken} record component
     * @param expiration the value for the {@code expiration} record component
     * @param lastUpdated the value for the {@code lastUpdated} record component
     * @param accountId the value for the {@code accountId} record component
     * @param servedExpiration the value for the {@code servedExpiration} record component; null
     *     for {@code expiration.toString()}
     */
    public InstanceCredentials {
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        if (servedExpiration == null) {
            servedExpiration = expiration.toString();
        }
    }

    /**
     * Credentials whose {@link #servedExpiration()} is {@code expiration}'s ISO form.
     *
     * @param roleName the role they belong to
     * @param accessKeyId such as {@code ASIA...}
     * @param secretAccessKey the secret key
     * @param sessionToken the session token
     * @param expiration when they stop working
     * @param lastUpdated when IMDS issued them; null if not stated
     * @param accountId the role's account; null when not offered
     */
    public InstanceCredentials(String roleName, String accessKeyId,
            SensitiveString secretAccessKey, SensitiveString sessionToken, Instant expiration,
            Instant lastUpdated, String accountId) {
        this(roleName, accessKeyId, secretAccessKey, sessionToken, expiration, lastUpdated,
                accountId, null);
    }

    /** Returns the same credentials with another expiration. */
    InstanceCredentials withExpiration(Instant newExpiration) {
        return new InstanceCredentials(roleName, accessKeyId, secretAccessKey, sessionToken,
                newExpiration, lastUpdated, accountId, null);
    }
}
