/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.IOException;

/** A failed HTTP exchange, classified so the client can decide on a retry and a message. */
final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    enum Kind {
        /** No connection: refused, unreachable or unresolvable. */
        CONNECT_FAILED,
        /** No connection within the connect timeout. */
        CONNECT_TIMEOUT,
        /** No complete answer within the read timeout or the operation's deadline. */
        TIMEOUT,
        /** The connection closed or reset before a status line. */
        CLOSED,
        /**
         * A kept-alive connection, reused, was closed by the server before any answer: usually
         * it dropped the connection while it sat idle.
         */
        STALE,
        /** The connection closed or reset in the middle of the body. */
        TRUNCATED,
        /** The answer exceeds a size limit. */
        TOO_LARGE,
        /** The answer is not HTTP/1.x as expected. */
        MALFORMED,
        /** The TLS handshake failed. */
        TLS,
        /** The operation was cancelled or the client closed. */
        CANCELLED,
        /** The calling thread was interrupted while it waited. */
        INTERRUPTED
    }

    private final Kind kind;
    private final boolean deadlineReached;
    private final boolean sent;
    private final boolean answerBegun;

    TransportException(Kind kind, String message, boolean deadlineReached, Throwable cause) {
        this(kind, message, deadlineReached, true, false, cause);
    }

    /**
     * @param sent false when nothing went out (no free connection in time, cancelled first):
     *     such a try is not an attempt
     * @param answerBegun true when part of an answer arrived before the failure: the server is
     *     there, whatever else the failure suggests
     */
    TransportException(Kind kind, String message, boolean deadlineReached, boolean sent,
            boolean answerBegun, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.deadlineReached = deadlineReached;
        this.sent = sent;
        this.answerBegun = answerBegun;
    }

    TransportException(Kind kind, String message) {
        this(kind, message, false, null);
    }

    Kind kind() {
        return kind;
    }

    /** Whether the operation's own deadline, rather than a per-request timeout, cut it short. */
    boolean deadlineReached() {
        return deadlineReached;
    }

    /** Whether anything was tried on the wire (a connect or a request); else not an attempt. */
    boolean sent() {
        return sent;
    }

    /** Whether part of an answer arrived before the failure. */
    boolean answerBegun() {
        return answerBegun;
    }
}
