/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Changes scheduled on the emulator's clock. They are applied, in time order, when a request
 * arrives at or after their instant, so a moved {@link ManualClock} takes effect on the next
 * request without any background thread.
 */
final class Timeline {
    private record Entry(Instant at, long order, Runnable change) {}

    private final PriorityQueue<Entry> pending = new PriorityQueue<>(
            Comparator.comparing(Entry::at).thenComparingLong(Entry::order));
    private long scheduled;
    /** The earliest pending instant, read without the lock on every request. */
    private volatile Instant next = Instant.MAX;

    synchronized void schedule(Instant at, Runnable change) {
        pending.add(new Entry(at, scheduled++, change));
        next = pending.peek().at();
    }

    void applyDue(Instant now) {
        if (now.isBefore(next)) {
            return;
        }
        synchronized (this) {
            while (!pending.isEmpty() && !now.isBefore(pending.peek().at())) {
                pending.poll().change().run();
            }
            next = pending.isEmpty() ? Instant.MAX : pending.peek().at();
        }
    }

    synchronized void clear() {
        pending.clear();
        next = Instant.MAX;
    }
}
