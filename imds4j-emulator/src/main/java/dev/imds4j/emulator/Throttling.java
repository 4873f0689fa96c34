/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * How the emulator throttles: a request rate, a limit on simultaneous requests, and what happens
 * to a request beyond them. Immutable; the {@code with...} methods return copies.
 *
 * <p>AWS throttles IMDS per instance and limits simultaneous connections to it; throttled packets
 * are dropped, not answered, so a client sees an answer that comes late (TCP retransmits the
 * request) or not before its timeout. AWS documents no 429 from IMDS. The modes:
 * <ul>
 *   <li>{@link Mode#STALL} is that behaviour: a request beyond the limits waits, with no byte
 *       sent, until the rate and the limit admit it. A client with a 1 s read timeout under a
 *       burst sees timeouts; one that waits sees latency.</li>
 *   <li>{@link Mode#DROP} closes the connection of a request beyond the limits without an
 *       answer, at once: the harshest reading of "dropped", and a fast test of a client's
 *       handling of a broken connection.</li>
 *   <li>{@link Mode#STATUS_429} answers 429 Too Many Requests, as HTTP rate limiters (and some
 *       IMDS proxies) do, with {@code Retry-After: 1} (RFC 6585 allows it; a client that honours
 *       it waits a second) and the HTML page titled {@code 429 - Too Many Requests}; the status
 *       line has no reason phrase, which the JDK's HTTP server cannot write for 429. Real IMDS
 *       does not answer 429; keep it for clients that must also handle it.</li>
 * </ul>
 *
 * <pre>{@code
 * emulator.throttle(Throttling.stall(10).withMaxConcurrent(4));   // 10 requests/s, 4 at once
 * }</pre>
 */
public final class Throttling {
    /** What happens to a request beyond the rate or the concurrency limit. */
    public enum Mode {
        /** Held unanswered until admitted: what a client of real IMDS sees. */
        STALL,
        /** Its connection closed with no answer. */
        DROP,
        /** Answered 429 Too Many Requests, with {@code Retry-After: 1}. */
        STATUS_429;

        /** The name in the JSON configuration and on the command line. */
        String configName() {
            return this == STATUS_429 ? "429" : name().toLowerCase(Locale.ROOT);
        }

        /** The mode with this configuration name ({@code stall}, {@code drop}, {@code 429}). */
        static Mode byConfigName(Object name) {
            for (Mode m : values()) {
                if (m.configName().equals(name)) {
                    return m;
                }
            }
            return null;
        }
    }

    private static final Throttling OFF = new Throttling(Mode.STALL, 0, 0);

    private final Mode mode;
    private final int perSecond;
    private final int maxConcurrent;

    private Throttling(Mode mode, int perSecond, int maxConcurrent) {
        this.mode = mode;
        this.perSecond = perSecond;
        this.maxConcurrent = maxConcurrent;
    }

    /**
     * Returns no throttling, the default.
     *
     * @return a throttling that admits everything
     */
    public static Throttling off() {
        return OFF;
    }

    /**
     * Returns a throttling that holds requests beyond {@code perSecond} until the rate admits
     * them, as real IMDS appears to a client.
     *
     * @param perSecond the rate, refilled continuously, with bursts up to it; 0 for no rate limit
     *     (then set {@link #withMaxConcurrent(int)})
     * @return the throttling
     * @throws IllegalArgumentException if {@code perSecond} is negative
     */
    public static Throttling stall(int perSecond) {
        return of(Mode.STALL, perSecond, 0);
    }

    /**
     * Returns a throttling that closes the connection of requests beyond {@code perSecond}
     * without an answer.
     *
     * @param perSecond as for {@link #stall(int)}
     * @return the throttling
     * @throws IllegalArgumentException if {@code perSecond} is negative
     */
    public static Throttling drop(int perSecond) {
        return of(Mode.DROP, perSecond, 0);
    }

    /**
     * Returns a throttling that answers 429 to requests beyond {@code perSecond}.
     *
     * @param perSecond as for {@link #stall(int)}
     * @return the throttling
     * @throws IllegalArgumentException if {@code perSecond} is negative
     */
    public static Throttling status429(int perSecond) {
        return of(Mode.STATUS_429, perSecond, 0);
    }

    /**
     * Returns a throttling with this mode and limits.
     *
     * @param mode what happens beyond the limits
     * @param perSecond requests per second, 0 for no rate limit
     * @param maxConcurrent requests answered at once, 0 for no limit
     * @return the throttling
     * @throws IllegalArgumentException if a limit is negative
     */
    public static Throttling of(Mode mode, int perSecond, int maxConcurrent) {
        Objects.requireNonNull(mode, "mode");
        if (perSecond < 0) {
            throw new IllegalArgumentException(
                    "throttling: perSecond must not be negative: " + perSecond);
        }
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException(
                    "throttling: maxConcurrent must not be negative: " + maxConcurrent);
        }
        return new Throttling(mode, perSecond, maxConcurrent);
    }

    /**
     * Returns a copy that also limits how many requests are answered at once; the others are
     * treated as beyond the rate. The JDK's server gives no hook on idle keep-alive connections,
     * so this counts requests being answered, not open connections.
     *
     * @param limit at least 1, or 0 for no limit (the default)
     * @return the copy
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public Throttling withMaxConcurrent(int limit) {
        return of(mode, perSecond, limit);
    }

    /**
     * Returns what happens to a request beyond the limits.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * Returns the rate.
     *
     * @return requests per second; 0 when unlimited
     */
    public int perSecond() {
        return perSecond;
    }

    /**
     * Returns the limit on simultaneous requests.
     *
     * @return the limit; 0 when unlimited
     */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /**
     * Returns whether this throttles anything.
     *
     * @return false when both limits are 0
     */
    public boolean isOff() {
        return perSecond == 0 && maxConcurrent == 0;
    }

    /** Describes it, such as {@code stall beyond 10/s or 4 at once}. */
    @Override
    public String toString() {
        if (isOff()) {
            return "no throttling";
        }
        StringBuilder s = new StringBuilder(mode.configName()).append(" beyond ");
        if (perSecond > 0) {
            s.append(perSecond).append("/s");
        }
        if (maxConcurrent > 0) {
            s.append(perSecond > 0 ? " or " : "").append(maxConcurrent).append(" at once");
        }
        return s.toString();
    }
}
