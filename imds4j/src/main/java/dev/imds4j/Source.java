/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.util.Objects;

/**
 * Where a setting's value came from: its kind, to act on, and a description, to show.
 *
 * @param kind the kind of source
 * @param description such as {@code environment variable AWS_METADATA_SERVICE_TIMEOUT} or
 *     {@code /home/me/.aws/config, profile default, key ec2_metadata_service_endpoint}
 */
public record Source(Kind kind, String description) {
    /** The kinds of source, in the order they are consulted. */
    public enum Kind {
        /** Set on {@link ImdsClient.Builder} (the {@code imds} command sets it from a flag). */
        BUILDER,
        /** An environment variable. */
        ENVIRONMENT,
        /** A key of the active profile in the AWS config file. */
        CONFIG_FILE,
        /** Worked out from other settings or the host, such as the endpoint from the mode. */
        DERIVED,
        /** Nothing set it: the default. */
        DEFAULT
    }

    static final Source BUILDER = new Source(Kind.BUILDER, "builder");
    static final Source DEFAULT = new Source(Kind.DEFAULT, "default");

    /**
     * Checks that neither component is null.
     *
     * @param kind the value for the {@code kind} record component
     * @param description the value for the {@code description} record component
     */
    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
    }

    static Source environment(String variable) {
        return new Source(Kind.ENVIRONMENT, "environment variable " + variable);
    }

    static Source configFile(String file, String profile, String key) {
        return new Source(Kind.CONFIG_FILE, file + ", profile " + profile + ", key " + key);
    }

    static Source derived(String how) {
        return new Source(Kind.DERIVED, how);
    }

    /** Returns the description. */
    @Override
    public String toString() {
        return description;
    }
}
