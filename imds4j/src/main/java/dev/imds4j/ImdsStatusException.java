/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * IMDS answered with an error status: 4xx or 5xx, or a redirect, which is never followed.
 */
public final class ImdsStatusException extends ImdsException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the last answer. */
    private final int status;

    ImdsStatusException(String message, String method, String path, URI endpoint, int attempts,
            int status) {
        super(message, method, path, endpoint, attempts, null);
        this.status = status;
    }

    /**
     * Returns the HTTP status of the last answer.
     *
     * @return such as 404, 403, 401 or 503
     */
    public int status() {
        return status;
    }
}
