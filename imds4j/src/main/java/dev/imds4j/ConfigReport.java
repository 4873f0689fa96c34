/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting a client would resolve, each with its value and source, or with the problem
 * that makes it invalid; for diagnostics such as {@code imds config}. Made by {@link
 * ImdsClient.Builder#report()}, which, unlike {@code build()}, does not stop at the first invalid
 * setting. Immutable.
 *
 * @param entries the settings in the order of {@link ImdsConfig}'s components
 * @param notes things worth knowing that are not errors, such as a profile the config file
 *     does not define
 */
public record ConfigReport(List<Entry> entries, List<String> notes) {
    /**
     * One setting.
     *
     * @param name the setting, as {@link ImdsConfig} names it, such as {@code connectTimeout}
     * @param value the value in effect, printable (user info in an endpoint redacted); for an
     *     invalid setting, the invalid value as given
     * @param source where the value came from
     * @param problem why the value is invalid; empty when it is valid
     */
    public record Entry(String name, String value, Source source, Optional<String> problem) {
        /**
         * Checks that no component is null.
         *
         * @param name the value for the {@code name} record component
         * @param value the value for the {@code value} record component
         * @param source the value for the {@code source} record component
         * @param problem the value for the {@code problem} record component
         */
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(problem, "problem");
        }
    }

    /**
     * Copies the lists.
     *
     * @param entries the value for the {@code entries} record component
     * @param notes the value for the {@code notes} record component
     */
    public ConfigReport {
        entries = List.copyOf(entries);
        notes = List.copyOf(notes);
    }

    /**
     * Returns whether every setting is valid, so that {@code build()} would succeed.
     *
     * @return true when no entry has a problem
     */
    public boolean valid() {
        for (Entry e : entries) {
            if (e.problem().isPresent()) {
                return false;
            }
        }
        return true;
    }
}
