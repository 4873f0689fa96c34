/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEvent;

/**
 * A notice from IMDS that the instance is about to be disrupted, published by the interruption
 * watcher ({@code imds4j.interruption.enabled=true}) once per new notice. Listen for this type
 * to receive every kind, or for a subtype:
 *
 * <pre>{@code
 * @EventListener
 * void onSpot(SpotInterruptionEvent event) {
 *     drainBefore(event.actionTime().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Immutable. The source is the {@link ImdsClient} that read the notice. Events are not meant
 * to be serialized: their payload is transient.
 */
public abstract class ImdsNoticeEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    /** The kinds of notice, as named in {@code imds4j.interruption.shutdown.on}. */
    public enum Kind {
        /** {@code spot/instance-action}: the spot instance will be stopped or terminated. */
        SPOT_INTERRUPTION,
        /** {@code events/recommendations/rebalance}: the spot instance is at elevated risk. */
        REBALANCE_RECOMMENDATION,
        /** {@code events/maintenance/scheduled}: a reboot, stop or retirement is scheduled. */
        SCHEDULED_MAINTENANCE,
        /** {@code autoscaling/target-lifecycle-state}: the auto scaling group's target. */
        TARGET_LIFECYCLE_STATE
    }

    private final transient Instant observedAt;

    /**
     * Creates an event.
     *
     * @param source the client that read the notice
     * @param observedAt when the watcher saw it, by the watcher's clock
     */
    protected ImdsNoticeEvent(ImdsClient source, Instant observedAt) {
        super(source);
        this.observedAt = observedAt;
    }

    /**
     * Returns the kind of notice.
     *
     * @return the kind
     */
    public abstract Kind kind();

    /**
     * Returns when EC2 will act, where the notice says.
     *
     * @return the time of the action (spot) or the start of the window (maintenance); empty for
     *     notices without one (rebalance, lifecycle state)
     */
    public abstract Optional<Instant> actionTime();

    /**
     * Returns when the watcher saw the notice.
     *
     * @return the instant, by the watcher's clock
     */
    public Instant observedAt() {
        return observedAt;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + kind() + ", observed " + observedAt
                + actionTime().map(t -> ", action at " + t).orElse("") + "]";
    }
}
