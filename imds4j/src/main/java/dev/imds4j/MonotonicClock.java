/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The default client clock: the system time when created, advanced by {@link System#nanoTime()}
 * since, so that token expiry is immune to wall-clock jumps.
 */
final class MonotonicClock extends Clock {
    private final Instant base;
    private final long baseNanos;

    private MonotonicClock(Instant base, long baseNanos) {
        this.base = base;
        this.baseNanos = baseNanos;
    }

    static MonotonicClock startingNow() {
        return new MonotonicClock(Instant.now(), System.nanoTime());
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the client clock is UTC only");
    }
}
