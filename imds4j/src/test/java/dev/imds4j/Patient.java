/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;
import java.time.Duration;

/**
 * Clients for tests whose subject is not timing. The client's 1 s read timeout is made for
 * IMDS; a loaded build machine can hold an answer longer than that (a fresh JVM loads hundreds
 * of classes on the first one), and a token request that goes unanswered is not retried. These
 * clients read with 30 s; the whole call stays bounded by the operation timeout (10 s by
 * default). Tests whose subject is a timeout set their own.
 */
public final class Patient {
    /** The read timeout of these clients. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private Patient() {}

    /** A builder for a client of {@code endpoint} with the patient read timeout. */
    public static ImdsClient.Builder client(URI endpoint) {
        return ImdsClient.builder().endpoint(endpoint).readTimeout(READ_TIMEOUT);
    }
}
