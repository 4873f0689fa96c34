/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A misbehaviour the emulator applies to matching requests: an error status, added latency, a
 * connection closed without an answer, a truncated body, or no answer at all.
 *
 * <p>A fault matches any request unless narrowed with {@link #onMethod(String)} and {@link
 * #onPath(String)}, and applies once unless given a count with {@link #times(int)} or made
 * permanent with {@link #always()}; {@link #tokenPutDrop()}, a standing condition, starts
 * permanent. Each request consumes at most one fault: the first added one
 * that matches and has uses left. Instances are immutable; the narrowing methods return copies.
 *
 * <pre>{@code
 * emulator.addFault(Fault.status(503).onMethod("GET").onPath("/latest/meta-data/*").times(2));
 * emulator.addFault(Fault.tokenPutDrop());   // a container behind hop limit 1
 * }</pre>
 */
public final class Fault {
    /** What the fault does to a request. */
    enum Kind {
        STATUS, LATENCY, CLOSE_CONNECTION, TRUNCATE_BODY, STALL
    }

    /** {@link #times(int)} value for a fault that never runs out. */
    static final int ALWAYS = -1;

    private final Kind kind;
    private final int status;
    private final Duration latency;
    private final String method;
    private final String path;
    private final int times;
    private final double probability;

    private Fault(Kind kind, int status, Duration latency, String method, String path, int times,
            double probability) {
        this.kind = kind;
        this.status = status;
        this.latency = latency;
        this.method = method;
        this.path = path;
        this.times = times;
        this.probability = probability;
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, 0, Duration.ZERO, null, null, 1, 1.0);
    }

    /**
     * Answers with {@code code} and an HTML error body, as IMDS does, instead of the real answer.
     *
     * @param code an HTTP status, 200 to 599 (500, 503 and 429 are the usual ones)
     * @return the fault
     * @throws IllegalArgumentException if {@code code} is out of range
     */
    public static Fault status(int code) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status: code must be 200..599: " + code);
        }
        return new Fault(Kind.STATUS, code, Duration.ZERO, null, null, 1, 1.0);
    }

    /**
     * Waits {@code delay} of real time before the normal answer.
     *
     * @param delay zero or positive
     * @return the fault
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public static Fault latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency: delay must not be negative: " + delay);
        }
        return new Fault(Kind.LATENCY, 0, delay, null, null, 1, 1.0);
    }

    /**
     * Closes the connection without sending a status line; the request has no effect.
     *
     * @return the fault
     */
    public static Fault closeConnection() {
        return of(Kind.CLOSE_CONNECTION);
    }

    /**
     * Sends the normal status and headers, including the full {@code Content-Length}, then half
     * of the body, then closes the connection.
     *
     * @return the fault
     */
    public static Fault truncateBody() {
        return of(Kind.TRUNCATE_BODY);
    }

    /**
     * Reads the request and never answers; the connection stays open until the client gives up,
     * or the emulator is {@link ImdsEmulator#reset() reset} or closed. The request has no effect.
     *
     * @return the fault
     */
    public static Fault stall() {
        return of(Kind.STALL);
    }

    /**
     * Leaves every token PUT unanswered, as IMDS appears from inside a container when the
     * instance's {@code http-put-response-hop-limit} is 1: the PUT's answer never arrives.
     *
     * @return a permanent stall on {@code PUT /latest/api/token}
     */
    public static Fault tokenPutDrop() {
        return stall().onTokenPut().always();
    }

    /**
     * Narrows the fault to one HTTP method.
     *
     * @param httpMethod such as {@code GET}, {@code PUT} or {@code HEAD}; any case
     * @return a copy that matches only that method
     */
    public Fault onMethod(String httpMethod) {
        Objects.requireNonNull(httpMethod, "httpMethod");
        if (httpMethod.isBlank()) {
            throw new IllegalArgumentException("onMethod: httpMethod must not be blank");
        }
        return new Fault(kind, status, latency, httpMethod.toUpperCase(Locale.ROOT), path, times,
                probability);
    }

    /**
     * Narrows the fault to one path, or to every path under a prefix when {@code pathPattern}
     * ends with {@code *}.
     *
     * @param pathPattern such as {@code /latest/meta-data/ami-id} or {@code /latest/meta-data/*};
     *     starts with {@code /}
     * @return a copy that matches only those paths
     */
    public Fault onPath(String pathPattern) {
        Objects.requireNonNull(pathPattern, "pathPattern");
        if (!pathPattern.startsWith("/")) {
            throw new IllegalArgumentException(
                    "onPath: pattern must start with '/': " + pathPattern);
        }
        return new Fault(kind, status, latency, method, pathPattern, times, probability);
    }

    /**
     * Narrows the fault to the token request, {@code PUT /latest/api/token}.
     *
     * @return a copy that matches only token requests
     */
    public Fault onTokenPut() {
        return onMethod("PUT").onPath(ImdsEmulator.TOKEN_PATH);
    }

    /**
     * Sets how many matching requests the fault applies to; the default is 1 ({@link
     * #tokenPutDrop()}: always).
     *
     * @param count 1 or more
     * @return a copy with that count
     */
    public Fault times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("times: count must be at least 1: " + count);
        }
        return new Fault(kind, status, latency, method, path, count, probability);
    }

    /**
     * Makes the fault apply to every matching request until the emulator is reset.
     *
     * @return a permanent copy
     */
    public Fault always() {
        return new Fault(kind, status, latency, method, path, ALWAYS, probability);
    }

    /**
     * Makes the fault apply to only a fraction of the matching requests, chosen at random; the
     * others are answered normally and do not use up the fault's count. For load tests such as
     * "1% of GETs get 503": {@code Fault.status(503).onMethod("GET").always().probability(0.01)}.
     *
     * @param fraction above 0, at most 1 (the default: every matching request)
     * @return a copy with that probability
     */
    public Fault probability(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                    "probability: fraction must be above 0 and at most 1: " + fraction);
        }
        return new Fault(kind, status, latency, method, path, times, fraction);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }

    Duration latency() {
        return latency;
    }

    int times() {
        return times;
    }

    double probability() {
        return probability;
    }

    boolean matches(String requestMethod, String requestPath) {
        if (method != null && !method.equals(requestMethod)) {
            return false;
        }
        if (path == null) {
            return true;
        }
        if (path.endsWith("*")) {
            return requestPath.startsWith(path.substring(0, path.length() - 1));
        }
        return path.equals(requestPath);
    }

    /** Describes the fault, for example {@code status 503 on GET /latest/meta-data/* x2}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        switch (kind) {
            case STATUS -> s.append("status ").append(status);
            case LATENCY -> s.append("latency ").append(latency.toMillis()).append("ms");
            default -> s.append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        s.append(" on ").append(method == null ? "any method" : method);
        s.append(' ').append(path == null ? "any path" : path);
        s.append(times == ALWAYS ? " always" : " x" + times);
        if (probability < 1) {
            s.append(" p=").append(probability);
        }
        return s.toString();
    }
}
