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
    private volatile boolean cancelled;
    private volatile Closeable active;

    Call(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
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
