/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON output: pretty documents, and compact single lines for {@code watch}. */
final class Json {
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT)
            .with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON LINE = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    static String pretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String line(Object value) {
        try {
            return LINE.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
