/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * No connection could be made (refused, unreachable), or it broke before a complete answer.
 */
public final class ImdsConnectionException extends ImdsException {
    private static final long serialVersionUID = 1L;

    ImdsConnectionException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        super(message, method, path, endpoint, attempts, cause);
    }
}
