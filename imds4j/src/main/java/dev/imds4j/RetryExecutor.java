/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a request to its end: obtains the session token, sends attempts, and after each one
 * decides, in one place ({@link #conclude}), whether it succeeded, is retried and after how
 * long, or failed for good. The sync loop runs on the caller's thread; the async one runs each
 * attempt on the client's executor and waits between attempts on its scheduler, holding no
 * thread.
 *
 * <p>What is retried: 5xx, 429, a 401 on a GET (with a new token), a connection that closed or
 * broke before a complete answer, a kept-alive connection the server had closed (at once, with
 * no backoff), and a read timeout on a GET. A refused connection or connect timeout is retried
 * once IMDS is known to be there: this client has had an answer from it, or the host is EC2
 * (see {@link ConnectRetry}); before that, off EC2, it fails at once. A token PUT that gets no
 * answer is retried only once IMDS has answered this client: before that it is the container
 * hop-limit signature, and retrying would turn a one-second failure into a hang. Backoff is full
 * jitter, at least what a {@code Retry-After} on 429 or 503 asks for; such a request holds every
 * caller of the client back until it passes, and a wait beyond the deadline fails at once.
 */
final class RetryExecutor {
    /** Bodies above this are refused: user data is at most 16 KiB, documents far less. */
    static final int MAX_BODY = 1 << 20;
    /** Real tokens are about 56 characters. */
    static final int MAX_TOKEN = 4096;

    /** The client's threads and life, as the async path needs them. */
    interface Async extends Refresh.Timer {
        /** The executor attempts run on; throws {@link RejectedExecutionException} once closed. */
        Executor executor();

        boolean closed();
    }

    /** The default logger, looked up on first use: the lookup costs a short process ~25 ms. */
    private static final class DefaultLog {
        static final System.Logger LOGGER = System.getLogger(ImdsClient.class.getName());
    }

    private final HttpTransport transport;
    private final Failures failures;
    private final Clock clock;
    private final Async async;
    private final System.Logger givenLogger;
    private final int maxAttempts;
    private final String ttlSeconds;
    private final long backoffBaseNanos;
    private final long backoffMaxNanos;
    private final ConnectRetry connectRetry;
    private final Ec2Host host;
    private final Refresh<Token> tokens;
    /** Set once any HTTP answer came back: from then on IMDS is known to be there. */
    private volatile boolean reached;
    /** No attempt before this {@link System#nanoTime()}: a Retry-After in force. */
    private final AtomicLong throttledUntil = new AtomicLong(System.nanoTime());

    RetryExecutor(HttpTransport transport, Failures failures, Clock clock, Async async,
            System.Logger logger, int maxAttempts, long ttlSeconds, Duration backoffBase,
            Duration backoffMax, ConnectRetry connectRetry, Ec2Host host) {
        this.transport = transport;
        this.failures = failures;
        this.clock = clock;
        this.async = async;
        this.givenLogger = logger;
        this.maxAttempts = maxAttempts;
        this.ttlSeconds = Long.toString(ttlSeconds);
        this.backoffBaseNanos = backoffBase.toNanos();
        this.backoffMaxNanos = backoffMax.toNanos();
        this.connectRetry = connectRetry;
        this.host = host;
        this.tokens = new Refresh<>(clock, Token.POLICY, async);
    }

    /** The client's scheduler, for companions that wait without blocking. */
    Refresh.Timer timer() {
        return async;
    }

    // ---- sync -------------------------------------------------------------------------------

    /** Sends {@code r} until it succeeds or fails for good; returns the successful attempt. */
    Outcome execute(Request r, Call call) throws ImdsException {
        for (int n = 1; ; n++) {
            long hold = throttledUntil.get() - System.nanoTime();
            if (hold > 0) {
                if (hold >= call.remainingNanos()) {
                    throw failures.throttled(r, n - 1, TimeUnit.NANOSECONDS.toMillis(hold),
                            call);
                }
                sleep(r, n - 1, hold);
            }
            Token token = r.isToken() ? null : tokens.get(call, tokenLoader, waits(r, call));
            Outcome o = attempt(r, token, call, n);
            long delay = conclude(r, o, call);
            if (delay < 0) {
                return o;
            }
            sleep(r, n, delay);
        }
    }

    private void sleep(Request r, int n, long nanos) throws ImdsException {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted(r, n, "the next attempt", e);
        }
    }

    /** One request on the wire; never throws. */
    private Outcome attempt(Request r, Token token, Call call, int n) {
        long start = System.nanoTime();
        try {
            HttpTransport.Response response = r.isToken()
                    ? transport.execute("PUT", r.target(), HttpTransport.TTL_HEADER, ttlSeconds,
                            MAX_TOKEN, call)
                    : transport.execute("GET", r.target(), HttpTransport.TOKEN_HEADER,
                            token.value, MAX_BODY, call);
            if (!reached) {
                reached = true;
            }
            return new Outcome(response, null, token, n, System.nanoTime() - start,
                    clock.instant());
        } catch (TransportException e) {
            return new Outcome(null, e, token, n, System.nanoTime() - start, null);
        }
    }

    // ---- async ------------------------------------------------------------------------------

    /** Sends {@code r} without blocking the caller; the future fails as {@link #execute} throws. */
    CompletableFuture<Outcome> executeAsync(Request r, Call call) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        step(r, call, 1, done);
        return done;
    }

    private void step(Request r, Call call, int n, CompletableFuture<Outcome> done) {
        if (call.cancelled() || async.closed()) {
            done.completeExceptionally(failures.closedOrCancelled(r, n - 1, async.closed()));
            return;
        }
        long hold = throttledUntil.get() - System.nanoTime();
        if (hold > 0) {
            if (hold >= call.remainingNanos()) {
                done.completeExceptionally(failures.throttled(r, n - 1,
                        TimeUnit.NANOSECONDS.toMillis(hold), call));
            } else {
                async.later(() -> step(r, call, n, done), hold);
            }
            return;
        }
        CompletableFuture<Token> token = r.isToken() ? CompletableFuture.completedFuture(null)
                : tokens.getAsync(call, tokenLoader, waits(r, call));
        token.thenCompose(t -> supply(r, t, call, n)).whenComplete((o, error) -> {
            if (error != null) {
                done.completeExceptionally(Refresh.unwrap(error));
                return;
            }
            try {
                long delay = conclude(r, o, call);
                if (delay < 0) {
                    done.complete(o);
                } else {
                    async.later(() -> step(r, call, n + 1, done), delay);
                }
            } catch (ImdsException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
    }

    private CompletableFuture<Outcome> supply(Request r, Token t, Call call, int n) {
        try {
            return CompletableFuture.supplyAsync(() -> attempt(r, t, call, n), async.executor());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(failures.closedOrCancelled(r, n - 1, true));
        }
    }

    // ---- the decision -----------------------------------------------------------------------

    /**
     * Logs an attempt and decides: -1 when it succeeded; else the nanoseconds to wait before the
     * next; throws when it failed for good, used up the attempts or the time.
     */
    private long conclude(Request r, Outcome o, Call call) throws ImdsException {
        int n = o.attempt;
        long retryAfter = o.ok() ? 0 : retryAfterNanos(o);
        if (retryAfter > 0) {
            // every caller of this client holds back, not only this one
            long until = System.nanoTime() + retryAfter;
            throttledUntil.accumulateAndGet(until, Math::max);
        }
        System.Logger log = givenLogger != null ? givenLogger : DefaultLog.LOGGER;
        if (log.isLoggable(Level.DEBUG)) {
            log.log(Level.DEBUG, "{0} {1} -> {2} (attempt {3}, {4} ms){5}", r.method(), r.path(),
                    o.summary(), n, String.format(Locale.ROOT, "%.2f", o.nanos / 1e6),
                    o.failure != null && o.failure.kind() == TransportException.Kind.STALE
                            ? ": " + o.failure.getMessage() + "; sending it again"
                            : retryAfter > 0 ? ": Retry-After " + o.response.retryAfter : "");
        }
        if (o.ok()) {
            return -1;
        }
        if (o.status() == 401 && o.token != null) {
            o.token.reject();
        }
        boolean retryable = retryable(r, o);
        if (!retryable || n >= maxAttempts || call.cancelled()) {
            ImdsException e = failures.failure(r, o, n, reached, call);
            if (retryable && log.isLoggable(Level.WARNING)) {
                log.log(Level.WARNING, e.getMessage());
            }
            throw e;
        }
        boolean stale = o.failure != null && o.failure.kind() == TransportException.Kind.STALE;
        long delay = Math.max(stale ? 0 : backoff(n), retryAfter);
        if (delay >= call.remainingNanos()) {
            ImdsException e = retryAfter > 0 && retryAfter >= call.remainingNanos()
                    ? failures.retryAfterTooLong(r, o, n, TimeUnit.NANOSECONDS.toMillis(retryAfter),
                            call)
                    : failures.outOfTime(r, o, n, call);
            if (log.isLoggable(Level.WARNING)) {
                log.log(Level.WARNING, e.getMessage());
            }
            throw e;
        }
        return delay;
    }

    private boolean retryable(Request r, Outcome o) {
        if (o.response != null) {
            int s = o.status();
            return s == 429 || s >= 500 || (s == 401 && !r.isToken());
        }
        switch (o.failure.kind()) {
            case CLOSED:
            case STALE:
            case TRUNCATED:
                return true;
            case TIMEOUT:
                // a token PUT that gets no answer at all, from an IMDS never reached, is the
                // container hop-limit signature: not retried
                return (!r.isToken() || reached || o.failure.answerBegun())
                        && !o.failure.deadlineReached();
            case CONNECT_FAILED:
            case CONNECT_TIMEOUT:
                return connectRetry.retries(reached, host) && !o.failure.deadlineReached();
            default:
                return false;
        }
    }

    private long backoff(int attempt) {
        long cap = Math.min(backoffMaxNanos, backoffBaseNanos << Math.min(attempt - 1, 30));
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }

    /** What a Retry-After on a 429 or 503 asks for, in nanoseconds; 0 when none or unreadable. */
    private long retryAfterNanos(Outcome o) {
        if (o.response == null || o.response.retryAfter == null
                || (o.response.status != 429 && o.response.status != 503)) {
            return 0;
        }
        return parseRetryAfter(o.response.retryAfter, o.arrived);
    }

    /** The longest Retry-After honoured: beyond it a proxy or a bug could stall every caller. */
    static final long MAX_RETRY_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * Parses a Retry-After value: delta-seconds, or an HTTP-date against {@code now}. Returns
     * nanoseconds, 0 for a value that is not one of those, at most a minute.
     */
    static long parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        if (!v.isEmpty() && v.length() <= 9 && digits(v)) {
            return Math.min(TimeUnit.SECONDS.toNanos(Long.parseLong(v)), MAX_RETRY_AFTER_NANOS);
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            long nanos = Duration.between(now, at).toNanos();
            return Math.max(0, Math.min(nanos, MAX_RETRY_AFTER_NANOS));
        } catch (DateTimeParseException | ArithmeticException e) {
            return 0;
        }
    }

    /** Only ASCII digits; a loop, not a stream, on the sync path (start-up). */
    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // ---- the token --------------------------------------------------------------------------

    /**
     * Fetches the token with the same engine. When the fetch fails while the previous token has
     * not expired (and IMDS has not rejected it), callers keep using that one.
     */
    private final Refresh.Loader<Token> tokenLoader = new Refresh.Loader<Token>() {
        @Override
        public Token load(Token previous, Call call) throws ImdsException {
            try {
                return token(execute(Request.TOKEN, call));
            } catch (ImdsException e) {
                if (previous != null && previous.usable(clock.instant())) {
                    return previous;
                }
                throw e;
            }
        }

        @Override
        public CompletableFuture<Token> loadAsync(Token previous, Call call) {
            return executeAsync(Request.TOKEN, call).handle((o, error) -> {
                if (error == null) {
                    try {
                        return token(o);
                    } catch (ImdsException e) {
                        error = e;
                    }
                }
                if (previous != null && previous.usable(clock.instant())) {
                    return previous;
                }
                throw new CompletionException(Refresh.unwrap(error));
            });
        }
    };

    private Refresh.Waits waits(Request r, Call call) {
        return new Refresh.Waits() {
            @Override
            public ImdsException timedOut() {
                return failures.tokenWaitTimedOut(r, call);
            }

            @Override
            public ImdsException interrupted(InterruptedException e) {
                return failures.interrupted(r, 0, "a session token", e);
            }
        };
    }

    /** Checks a token response and turns it into a token. */
    private Token token(Outcome o) throws ImdsException {
        byte[] body = o.response.body;
        if (body.length == 0 || !Paths.headerSafe(body)) {
            throw failures.badToken("the token IMDS sent is empty or not header-safe ("
                    + body.length + " bytes); refusing to use it", o.attempt);
        }
        String ttl = o.response.ttlHeader;
        long seconds = -1;
        if (ttl != null && !ttl.isEmpty() && ttl.length() <= 5 && digits(ttl)) {
            seconds = Long.parseLong(ttl);
        }
        if (seconds < 1 || seconds > 21_600) {
            throw failures.badToken("the token response has " + (ttl == null ? "no "
                    + HttpTransport.TTL_HEADER + " header" : "an invalid "
                    + HttpTransport.TTL_HEADER + " header") + " (expected 1 to 21600 seconds)",
                    o.attempt);
        }
        return new Token(new String(body, StandardCharsets.US_ASCII), o.arrived,
                Duration.ofSeconds(seconds));
    }
}
