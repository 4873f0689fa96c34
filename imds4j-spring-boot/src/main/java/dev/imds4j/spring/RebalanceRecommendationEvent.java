/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.RebalanceRecommendation;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rebalance recommendation: the spot instance is at elevated risk of interruption, possibly
 * well before an interruption notice. Published once per recommendation.
 */
public final class RebalanceRecommendationEvent extends ImdsNoticeEvent {
    private static final long serialVersionUID = 1L;

    private final transient RebalanceRecommendation recommendation;

    /**
     * Creates an event.
     *
     * @param source the client that read the notice
     * @param observedAt when the watcher saw it
     * @param recommendation the recommendation
     */
    public RebalanceRecommendationEvent(ImdsClient source, Instant observedAt,
            RebalanceRecommendation recommendation) {
        super(source, observedAt);
        this.recommendation = Objects.requireNonNull(recommendation, "recommendation");
    }

    /**
     * Returns the recommendation as IMDS served it.
     *
     * @return the recommendation with its notice time
     */
    public RebalanceRecommendation recommendation() {
        return recommendation;
    }

    @Override
    public Kind kind() {
        return Kind.REBALANCE_RECOMMENDATION;
    }

    @Override
    public Optional<Instant> actionTime() {
        return Optional.empty();
    }
}
