/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A spot interruption notice, {@code /latest/meta-data/spot/instance-action}.
 *
 * @param action {@code terminate}, {@code stop} or {@code hibernate}
 * @param time when EC2 will act, usually two minutes after the notice
 */
public record SpotInstanceAction(String action, Instant time) {
    /**
     * Checks that no component is null.
     *
     * @param action the value for the {@code action} record component
     * @param time the value for the {@code time} record component
     */
    public SpotInstanceAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(time, "time");
    }
}
