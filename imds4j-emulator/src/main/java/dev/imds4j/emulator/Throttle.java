package dev.imds4j.emulator;

import java.util.function.LongSupplier;

/**
 * A token bucket in real time: up to {@code perSecond} requests in any burst, refilled at that
 * rate; requests beyond it are throttled. Off (everything passes) while the rate is 0.
 */
final class Throttle {
    private final LongSupplier nanoTime;
    private int perSecond;
    private double available;
    private long lastRefill;

    Throttle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void rate(int requestsPerSecond) {
        perSecond = requestsPerSecond;
        available = requestsPerSecond;
        lastRefill = nanoTime.getAsLong();
    }

    synchronized boolean tryAcquire() {
        if (perSecond == 0) {
            return true;
        }
        long now = nanoTime.getAsLong();
        available = Math.min(perSecond, available + (now - lastRefill) * perSecond / 1e9);
        lastRefill = now;
        if (available < 1) {
            return false;
        }
        available -= 1;
        return true;
    }
}
