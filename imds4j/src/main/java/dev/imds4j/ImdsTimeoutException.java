/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * A request got no complete answer in time: the connect or read timeout, or the whole call's
 * operation timeout.
 */
public final class ImdsTimeoutException extends ImdsException {
    private static final long serialVersionUID = 1L;

    ImdsTimeoutException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        super(message, method, path, endpoint, attempts, cause);
    }
}
