/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, for tests of token expiry, credential rotation and
 * scheduled scenarios without sleeping.
 *
 * <p>Hand the same instance to the emulator and to the client under test, then {@link
 * #advance(Duration) advance} it: both see the same time. Views made by {@link #withZone(ZoneId)}
 * share this clock's instant. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofHours(6));
 * }</pre>
 */
public final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Returns a clock standing at {@code start}, in UTC.
     *
     * @param start the first instant the clock reports; not null
     * @return a new clock
     */
    public static ManualClock startingAt(Instant start) {
        Objects.requireNonNull(start, "start");
        return new ManualClock(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    /**
     * Moves the clock forward.
     *
     * @param amount how far; zero or positive
     * @throws IllegalArgumentException if {@code amount} is negative
     */
    public void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("advance: amount must not be negative: " + amount);
        }
        now.updateAndGet(t -> t.plus(amount));
    }

    /**
     * Sets the clock to an instant, forward or back.
     *
     * @param instant the new time; not null
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Returns a view in another zone that shares this clock's instant. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new ManualClock(now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
