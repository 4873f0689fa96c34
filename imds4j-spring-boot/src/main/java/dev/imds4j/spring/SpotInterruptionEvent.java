/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.SpotInstanceAction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A spot interruption notice: EC2 will stop, hibernate or terminate the instance at {@link
 * #actionTime()}, usually two minutes after the notice. Published once per distinct notice.
 */
public final class SpotInterruptionEvent extends ImdsNoticeEvent {
    private static final long serialVersionUID = 1L;

    private final transient SpotInstanceAction notice;

    /**
     * Creates an event.
     *
     * @param source the client that read the notice
     * @param observedAt when the watcher saw it
     * @param notice the notice
     */
    public SpotInterruptionEvent(ImdsClient source, Instant observedAt,
            SpotInstanceAction notice) {
        super(source, observedAt);
        this.notice = Objects.requireNonNull(notice, "notice");
    }

    /**
     * Returns the notice as IMDS served it.
     *
     * @return the action and its time
     */
    public SpotInstanceAction notice() {
        return notice;
    }

    @Override
    public Kind kind() {
        return Kind.SPOT_INTERRUPTION;
    }

    @Override
    public Optional<Instant> actionTime() {
        return Optional.of(notice.time());
    }

    @Override
    public String toString() {
        return super.toString().replace("]", ", " + notice.action() + "]");
    }
}
