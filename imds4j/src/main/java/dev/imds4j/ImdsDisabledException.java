/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/** IMDS access is turned off by {@code AWS_EC2_METADATA_DISABLED}; nothing was sent. */
public final class ImdsDisabledException extends ImdsException {
    private static final long serialVersionUID = 1L;

    ImdsDisabledException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        super(message, method, path, endpoint, attempts, cause);
    }
}
