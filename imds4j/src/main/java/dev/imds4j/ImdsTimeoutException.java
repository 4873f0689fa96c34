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

    /** The call's own deadline ended it, not IMDS's answers (for callers sharing a load). */
    private final boolean deadline;

    ImdsTimeoutException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause) {
        this(message, method, path, endpoint, attempts, cause, false);
    }

    ImdsTimeoutException(String message, String method, String path, URI endpoint, int attempts,
            Throwable cause, boolean deadline) {
        super(message, method, path, endpoint, attempts, cause);
        this.deadline = deadline;
    }

    /** Whether the call's deadline (operation timeout or a view's deadline) ended it. */
    boolean endedByDeadline() {
        return deadline;
    }
}
