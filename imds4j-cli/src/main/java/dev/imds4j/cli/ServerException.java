/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

/**
 * IMDS (or whatever answers at the endpoint) served something the command will not act on, such
 * as a listing that names a path outside its folder; exits 1 with its message.
 */
final class ServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerException(String message) {
        super(message);
    }
}
