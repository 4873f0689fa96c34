/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON in the layout IMDS serves (two-space indent, {@code " : "}). */
final class Json {
    private static final JSON WRITER = JSON.std
            .with(JSON.Feature.PRETTY_PRINT_OUTPUT)
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    static byte[] pretty(Object value) {
        try {
            return WRITER.asBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
