/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.Objects;

/**
 * One child of a metadata folder, as listed by IMDS.
 *
 * @param name the child's name, without a trailing slash
 * @param folder whether it is a folder: listed with a trailing {@code /}, as {@code N=name}
 *     under {@code public-keys/}, or at the top two levels, which IMDS lists bare (every version
 *     under {@code /}; {@code dynamic} and {@code meta-data} under {@code /latest/})
 */
public record MetadataEntry(String name, boolean folder) {
    /**
     * Checks that the name is not null or empty.
     *
     * @param name the value for the {@code name} record component
     * @param folder the value for the {@code folder} record component
     */
    public MetadataEntry {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: must not be empty");
        }
    }
}
