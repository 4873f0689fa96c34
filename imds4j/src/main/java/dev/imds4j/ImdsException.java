/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * A request to IMDS failed. The message names the method, path, endpoint and number of attempts,
 * and the likely cause and fix where one is known; it never holds a token, header or body.
 *
 * <p>Subtypes tell what failed: {@link ImdsStatusException} (IMDS answered with an error
 * status), {@link ImdsTimeoutException}, {@link ImdsConnectionException} (no connection, or it
 * broke), {@link ImdsResponseException} (a malformed or oversized answer) and {@link
 * ImdsDisabledException} (refused without sending anything). A call interrupted while waiting
 * throws this base type with the thread's interrupt flag set again.
 */
public class ImdsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The HTTP method of the failed request. */
    private final String method;
    /** The path of the failed request, without the endpoint's path prefix. */
    private final String path;
    /** The endpoint the request went to. */
    private final URI endpoint;
    /** How many requests were sent for the path. */
    private final int attempts;

    ImdsException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        super(message, cause);
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.attempts = attempts;
    }

    /**
     * Returns the HTTP method of the failed request: {@code GET}, or {@code PUT} when the
     * session token could not be obtained.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the path of the failed request, such as {@code /latest/meta-data/ami-id}, or
     * {@code /latest/api/token} when the session token could not be obtained.
     *
     * @return the path, without the endpoint's path prefix
     */
    public String path() {
        return path;
    }

    /**
     * Returns the endpoint the request went to.
     *
     * @return the endpoint URI
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns how many requests were sent for this path before giving up.
     *
     * @return the number of attempts; 0 when nothing was sent
     */
    public int attempts() {
        return attempts;
    }
}
