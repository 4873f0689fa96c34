/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.io.Closeable;
import java.io.IOException;

/**
 * One client operation in flight: its deadline on the monotonic clock, and the connection it is
 * using, so that cancelling the operation (or closing the client) can close that connection and
 * wake a blocked read.
 */
final class Call {
    private final long deadlineNanos;
    /** What set the deadline, for messages; null for the client's operation timeout. */
    private final String limit;
    private volatile boolean cancelled;
    private volatile Closeable active;

    /** A call that ends at the client's operation timeout, {@code deadlineNanos}. */
    Call(long deadlineNanos) {
        this(deadlineNanos, null);
    }

    /**
     * A call that ends at {@code deadlineNanos}, set by {@code limit} (such as "the caller's
     * deadline of 800 ms"); null names the client's operation timeout.
     */
    Call(long deadlineNanos, String limit) {
        this.deadlineNanos = deadlineNanos;
        this.limit = limit;
    }

    /** A new call with the same deadline, for a load shared with other callers. */
    Call sameDeadline() {
        return new Call(deadlineNanos, limit);
    }

    /** What set the deadline, for messages; null for the client's operation timeout. */
    String limit() {
        return limit;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    boolean cancelled() {
        return cancelled;
    }

    void attach(Closeable connection) {
        active = connection;
        if (cancelled) {
            closeQuietly(connection);
        }
    }

    void detach() {
        active = null;
    }

    void cancel() {
        cancelled = true;
        Closeable c = active;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing to abort: nothing more to do
        }
    }
}
