/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests in arrival order: all of them (up to a capacity, oldest dropped first) for {@code
 * requests()}, and a queue of those not yet taken for {@code takeRequest()}. Counters are exact
 * whatever the capacity.
 */
final class Journal {
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<RecordedRequest> all = new ArrayDeque<>();
    private final ArrayDeque<RecordedRequest> untaken = new ArrayDeque<>();
    private long sequence;
    private long tokenRequests;

    Journal(int capacity) {
        this.capacity = capacity;
    }

    RecordedRequest record(Instant at, String method, String path,
            Map<String, List<String>> headers, int status, Fault fault) {
        lock.lock();
        try {
            RecordedRequest r =
                    new RecordedRequest(sequence++, at, method, path, headers, status, fault);
            if ("PUT".equals(method) && ImdsEmulator.TOKEN_PATH.equals(path)) {
                tokenRequests++;
            }
            add(all, r);
            add(untaken, r);
            arrived.signalAll();
            return r;
        } finally {
            lock.unlock();
        }
    }

    private void add(ArrayDeque<RecordedRequest> deque, RecordedRequest r) {
        if (deque.size() == capacity) {
            deque.removeFirst();
        }
        deque.addLast(r);
    }

    Optional<RecordedRequest> take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (untaken.isEmpty()) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = arrived.awaitNanos(nanos);
            }
            return Optional.of(untaken.removeFirst());
        } finally {
            lock.unlock();
        }
    }

    List<RecordedRequest> snapshot() {
        lock.lock();
        try {
            return List.copyOf(all);
        } finally {
            lock.unlock();
        }
    }

    long count() {
        lock.lock();
        try {
            return sequence;
        } finally {
            lock.unlock();
        }
    }

    long tokenCount() {
        lock.lock();
        try {
            return tokenRequests;
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            all.clear();
            untaken.clear();
            sequence = 0;
            tokenRequests = 0;
        } finally {
            lock.unlock();
        }
    }
}
