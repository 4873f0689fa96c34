/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.IamInfo;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsDisabledException;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.ImdsTimeoutException;
import dev.imds4j.InstanceCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * IMDS health: whether IMDS answers with a valid session token, and when the instance role's
 * credentials expire. UNKNOWN, never DOWN, off EC2, with IMDS turned off, and when the host is
 * not known to be EC2 and IMDS at the default address does not answer (a laptop, a container).
 * DOWN when IMDS should be there (the host is EC2, or an endpoint is configured) and does not
 * answer, refuses the token, or fails to serve the role's credentials. Details never hold a
 * secret: only the role name and the expiry.
 */
final class ImdsHealthIndicator implements HealthIndicator {
    private final ImdsClient client;
    private final ImdsCredentialsProvider credentials;
    private final Clock clock;

    ImdsHealthIndicator(ImdsClient client, ImdsCredentialsProvider credentials, Clock clock) {
        this.client = client;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Health.Builder h = Health.unknown().withDetail("endpoint", client.endpoint().toString());
        if (client.config().disabled().value()) {
            return h.withDetail("reason", "IMDS access is turned off ("
                    + client.config().disabled().source() + ")").build();
        }
        if (client.knownOffEc2()) {
            return h.withDetail("reason", "not on EC2: " + client.host().evidence()).build();
        }
        Optional<IamInfo> iam;
        try {
            iam = client.metadata().iamInfo();
        } catch (ImdsConnectionException | ImdsTimeoutException e) {
            if (!ImdsClients.expected(client)) {
                return h.withDetail("reason", "IMDS does not answer and this host is not known "
                        + "to be EC2 (" + client.host().evidence() + ")").build();
            }
            return Health.down().withDetail("endpoint", client.endpoint().toString())
                    .withDetail("reachable", false).withDetail("error", e.getMessage()).build();
        } catch (ImdsDisabledException e) {
            return h.withDetail("reason", e.getMessage()).build();
        } catch (ImdsStatusException e) {
            Health.Builder down = Health.down().withDetail("endpoint", client.endpoint().toString())
                    .withDetail("reachable", true).withDetail("error", e.getMessage());
            if (e.status() == 401 || e.status() == 403) {
                down.withDetail("token", "refused (" + e.status() + ")");
            }
            return down.build();
        } catch (ImdsException e) {
            return Health.down().withDetail("endpoint", client.endpoint().toString())
                    .withDetail("reachable", true).withDetail("error", e.getMessage()).build();
        }
        Health.Builder up = Health.up().withDetail("endpoint", client.endpoint().toString())
                .withDetail("reachable", true).withDetail("token", "valid");
        if (iam.isEmpty()) {
            return up.withDetail("credentials", "none: the instance has no IAM role").build();
        }
        try {
            InstanceCredentials c = credentials.credentials();
            Duration left = Duration.between(clock.instant(), c.expiration());
            return up.withDetail("role", c.roleName())
                    .withDetail("credentialsExpiration", c.expiration().toString())
                    .withDetail("credentialsExpireIn", left.isNegative() ? "expired"
                            : left.withNanos(0).toString())
                    .build();
        } catch (ImdsException e) {
            return Health.down().withDetail("endpoint", client.endpoint().toString())
                    .withDetail("reachable", true).withDetail("token", "valid")
                    .withDetail("credentials", "unavailable")
                    .withDetail("error", e.getMessage()).build();
        }
    }

}
