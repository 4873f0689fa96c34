/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * A scheduled event, one element of {@code events/maintenance/scheduled}.
 *
 * @param code such as {@code system-reboot}, {@code instance-reboot}, {@code system-maintenance},
 *     {@code instance-retirement} or {@code instance-stop}
 * @param description free text, such as {@code The instance is scheduled for system-reboot}
 * @param eventId such as {@code instance-event-0d59937288b749b32}
 * @param notBefore the start of the event window
 * @param notAfter the end of the event window
 * @param state {@code active}, {@code completed} or {@code canceled}
 */
public record MaintenanceEvent(
        String code,
        String description,
        String eventId,
        Instant notBefore,
        Instant notAfter,
        String state) {

    /**
     * Checks that no component is null and that the window is not reversed.
     *
     * @param code the value for the {@code code} record component
     * @param description the value for the {@code description} record component
     * @param eventId the value for the {@code eventId} record component
     * @param notBefore the value for the {@code notBefore} record component
     * @param notAfter the value for the {@code notAfter} record component
     * @param state the value for the {@code state} record component
     */
    public MaintenanceEvent {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(state, "state");
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException(
                    "MaintenanceEvent: notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }
}
