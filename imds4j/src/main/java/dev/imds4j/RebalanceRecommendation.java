/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A rebalance recommendation, {@code /latest/meta-data/events/recommendations/rebalance}: the
 * spot instance is at elevated risk of interruption.
 *
 * @param noticeTime when the recommendation was issued
 */
public record RebalanceRecommendation(Instant noticeTime) {
    /**
     * Checks that the time is not null.
     *
     * @param noticeTime the value for the {@code noticeTime} record component
     */
    public RebalanceRecommendation {
        Objects.requireNonNull(noticeTime, "noticeTime");
    }
}
