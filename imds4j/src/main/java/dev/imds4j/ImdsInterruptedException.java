/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.net.URI;

/**
 * The calling thread was interrupted while the call waited: for a connection, for another
 * caller's token request, or between attempts. The thread's interrupt flag is set again before
 * this is thrown, as {@link java.io.InterruptedIOException} users expect; the cause is the
 * {@link InterruptedException} when there is one.
 *
 * <p>It is an {@link ImdsException}, not an {@code InterruptedIOException}, so that every
 * failure of a call stays one type that carries the request's path, endpoint and attempts.
 */
public final class ImdsInterruptedException extends ImdsException {
    private static final long serialVersionUID = 1L;

    ImdsInterruptedException(String message, String method, String path, URI endpoint,
            int attempts, Throwable cause) {
        super(message, method, path, endpoint, attempts, cause);
    }
}
