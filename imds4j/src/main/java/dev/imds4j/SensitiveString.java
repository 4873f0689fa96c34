/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.Objects;

/**
 * A value read from IMDS that must not reach a log by accident: {@link #toString()} is redacted
 * and the only way to the text is {@link #reveal()}.
 *
 * <p>Deliberately not a {@link CharSequence} (which would let it slip into string APIs) and not
 * {@link java.io.Serializable}. Immutable and thread-safe; equal when the texts are equal.
 */
public final class SensitiveString {
    private static final String REDACTED = "<redacted>";

    private final String value;

    SensitiveString(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * Returns the text.
     *
     * @return the value as served; never null
     */
    public String reveal() {
        return value;
    }

    /** Returns {@code <redacted>}, never the value. */
    @Override
    public String toString() {
        return REDACTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SensitiveString s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
