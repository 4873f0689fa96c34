/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.Objects;

/**
 * A resolved setting and where it came from.
 *
 * @param value the value in effect
 * @param source where it came from; {@link Source#kind()} tells a builder value, a variable, the
 *     config file, a derived value and the default apart
 * @param <T> the value's type
 */
public record Setting<T>(T value, Source source) {
    /**
     * Checks that neither component is null.
     *
     * @param value the value for the {@code value} record component
     * @param source the value for the {@code source} record component
     */
    public Setting {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
    }
}
