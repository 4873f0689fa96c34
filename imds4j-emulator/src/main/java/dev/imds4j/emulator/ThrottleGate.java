/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Applies one {@link Throttling} to the requests that arrive: a token bucket in real time (up to
 * {@code perSecond} in a burst, refilled at that rate) and a count of requests being answered.
 * Closed when the emulator is reset or closed, which releases every request it holds.
 */
final class ThrottleGate {
    /** What to do with a request. */
    enum Verdict { PASS, DROP, STATUS_429 }

    /** An admitted (or refused) request; {@link #close()} frees its place once answered. */
    final class Pass implements AutoCloseable {
        private final Verdict verdict;
        private final boolean holdsSlot;

        private Pass(Verdict verdict, boolean holdsSlot) {
            this.verdict = verdict;
            this.holdsSlot = holdsSlot;
        }

        Verdict verdict() {
            return verdict;
        }

        @Override
        public void close() {
            if (holdsSlot) {
                slots.release();
            }
        }
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Throttling spec;
    private final LongSupplier nanoTime;
    private final Semaphore slots;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private double available;
    private long lastRefill;

    ThrottleGate(Throttling spec, LongSupplier nanoTime) {
        this.spec = spec;
        this.nanoTime = nanoTime;
        this.slots = spec.maxConcurrent() > 0 ? new Semaphore(spec.maxConcurrent(), true) : null;
        this.available = spec.perSecond();
        this.lastRefill = nanoTime.getAsLong();
    }

    Throttling spec() {
        return spec;
    }

    /**
     * Admits a request, waiting first in {@link Throttling.Mode#STALL} mode. A request still
     * waiting when the gate closes is dropped.
     */
    Pass enter() throws InterruptedException {
        if (spec.isOff()) {
            return new Pass(Verdict.PASS, false);
        }
        boolean stall = spec.mode() == Throttling.Mode.STALL;
        Verdict refused = spec.mode() == Throttling.Mode.STATUS_429
                ? Verdict.STATUS_429 : Verdict.DROP;
        if (spec.perSecond() > 0) {
            long wait = reserve(stall);
            if (wait < 0 || (wait > 0 && closed.await(wait, TimeUnit.NANOSECONDS))) {
                return new Pass(wait < 0 ? refused : Verdict.DROP, false);
            }
        }
        if (slots == null) {
            return new Pass(Verdict.PASS, false);
        }
        if (!stall) {
            return slots.tryAcquire() ? new Pass(Verdict.PASS, true) : new Pass(refused, false);
        }
        held.incrementAndGet();
        try {
            while (closed.getCount() > 0) {
                if (slots.tryAcquire(POLL_NANOS, TimeUnit.NANOSECONDS)) {
                    if (closed.getCount() > 0) {
                        return new Pass(Verdict.PASS, true);
                    }
                    slots.release();
                }
            }
            return new Pass(Verdict.DROP, false);
        } finally {
            held.decrementAndGet();
        }
    }

    /**
     * Takes a token: returns 0 when one was free, the nanoseconds until the reserved one is due
     * when {@code queue}, or -1 when none is free and the request is refused.
     */
    synchronized long reserve(boolean queue) {
        long now = nanoTime.getAsLong();
        int rate = spec.perSecond();
        available = Math.min(rate, available + (now - lastRefill) * (double) rate / 1e9);
        lastRefill = now;
        if (available >= 1) {
            available -= 1;
            return 0;
        }
        if (!queue) {
            return -1;
        }
        available -= 1;
        return (long) Math.ceil(-available * 1e9 / rate);
    }

    /** How many requests wait for a place among the simultaneous ones. */
    int held() {
        return held.get();
    }

    /** Releases every waiting request (they are dropped) and admits no more waits. */
    void close() {
        closed.countDown();
    }
}
