/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.Objects;

/**
 * The instance profile, {@code /latest/meta-data/iam/info}.
 *
 * @param code {@code Success} when the profile is healthy
 * @param lastUpdated when IMDS last updated it
 * @param instanceProfileArn such as {@code arn:aws:iam::123456789012:instance-profile/web}
 * @param instanceProfileId such as {@code AIPAJ5EXAMPLE}
 */
public record IamInfo(String code, Instant lastUpdated, String instanceProfileArn,
        String instanceProfileId) {

    /**
     * Checks that no component is null.
     *
     * @param code the value for the {@code code} record component
     * @param lastUpdated the value for the {@code lastUpdated} record component
     * @param instanceProfileArn the value for the {@code instanceProfileArn} record component
     * @param instanceProfileId the value for the {@code instanceProfileId} record component
     */
    public IamInfo {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(lastUpdated, "lastUpdated");
        Objects.requireNonNull(instanceProfileArn, "instanceProfileArn");
        Objects.requireNonNull(instanceProfileId, "instanceProfileId");
    }
}
