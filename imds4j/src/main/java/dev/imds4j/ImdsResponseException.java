/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * IMDS answered with something unusable: a malformed or oversized response, a token that is not
 * header-safe or lacks a valid TTL, or text that is not UTF-8.
 */
public final class ImdsResponseException extends ImdsException {
    private static final long serialVersionUID = 1L;

    ImdsResponseException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        super(message, method, path, endpoint, attempts, cause);
    }
}
