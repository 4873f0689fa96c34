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

    TransportException(Kind kind, String message, boolean deadlineReached, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.deadlineReached = deadlineReached;
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
}
