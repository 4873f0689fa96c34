/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduled maintenance event, one element of {@code events/maintenance/scheduled}.
 *
 * @param code such as {@code system-reboot} or {@code instance-retirement}
 * @param description free text
 * @param eventId such as {@code instance-event-0d59937288b749b32}
 * @param notBefore the start of the window
 * @param notAfter the end of the window; null when the event has none
 * @param state {@code active}, {@code completed} or {@code canceled}
 */
public record ScheduledEvent(String code, String description, String eventId, Instant notBefore,
        Instant notAfter, String state) {
    /**
     * Checks the components every event has.
     *
     * @param code the value for the {@code code} record component
     * @param description the value for the {@code description} record component
     * @param eventId the value for the {@code eventId} record component
     * @param notBefore the value for the {@code notBefore} record component
     * @param notAfter the value for the {@code notAfter} record component
     * @param state the value for the {@code state} record component
     */
    public ScheduledEvent {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(state, "state");
    }
}
