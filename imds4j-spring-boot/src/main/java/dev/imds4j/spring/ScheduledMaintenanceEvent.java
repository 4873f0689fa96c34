/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import dev.imds4j.ImdsClient;
import dev.imds4j.ScheduledEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled maintenance event (reboot, stop, retirement, ...), published when the watcher
 * first sees its id and again whenever its state changes (such as to {@code canceled}).
 */
public final class ScheduledMaintenanceEvent extends ImdsNoticeEvent {
    private static final long serialVersionUID = 1L;

    private final transient ScheduledEvent event;

    /**
     * Creates an event.
     *
     * @param source the client that read the notice
     * @param observedAt when the watcher saw it
     * @param event the maintenance event
     */
    public ScheduledMaintenanceEvent(ImdsClient source, Instant observedAt,
            ScheduledEvent event) {
        super(source, observedAt);
        this.event = Objects.requireNonNull(event, "event");
    }

    /**
     * Returns the maintenance event as IMDS served it.
     *
     * @return its code, id, window and state
     */
    public ScheduledEvent event() {
        return event;
    }

    /**
     * Returns whether the event is still to happen (state {@code active}).
     *
     * @return false once completed or canceled
     */
    public boolean active() {
        return "active".equalsIgnoreCase(event.state());
    }

    @Override
    public Kind kind() {
        return Kind.SCHEDULED_MAINTENANCE;
    }

    @Override
    public Optional<Instant> actionTime() {
        return Optional.of(event.notBefore());
    }

    @Override
    public String toString() {
        return super.toString().replace("]", ", " + event.code() + " " + event.eventId() + " "
                + event.state() + "]");
    }
}
