package dev.imds4j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The session token, shared by every caller of one client. A token is used until its refresh
 * point, a buffer before the expiry the server stated; then exactly one caller fetches the next
 * one while the others wait for that same fetch, sync or async. A failed fetch is not cached;
 * while the old token has not yet expired, callers keep using it.
 */
final class TokenCache {
    /** How a token is fetched, blocking or not. */
    interface Fetcher {
        Token fetch(Call call) throws ImdsException;

        CompletableFuture<Token> fetchAsync(Call call);
    }

    /** A token and its times, by the client's clock. */
    static final class Token {
        final String value;
        final Instant expiresAt;
        final Instant refreshAt;

        Token(String value, Instant arrived, Duration ttl) {
            this.value = value;
            this.expiresAt = arrived.plus(ttl);
            this.refreshAt = expiresAt.minus(refreshBuffer(ttl));
        }

        /** 120 s before expiry, or half the TTL when that is shorter, so tokens are reused. */
        static Duration refreshBuffer(Duration ttl) {
            Duration half = ttl.dividedBy(2);
            return half.compareTo(Duration.ofSeconds(120)) < 0 ? half : Duration.ofSeconds(120);
        }

        @Override
        public String toString() {
            return "Token[<redacted>, expires " + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final Fetcher fetcher;
    private volatile Token current;
    private CompletableFuture<Token> inflight; // guarded by this

    TokenCache(Clock clock, Fetcher fetcher) {
        this.clock = clock;
        this.fetcher = fetcher;
    }

    /** Returns a usable token, fetching one on this thread if this caller is the first. */
    Token acquire(Call call, TokenFailures failures) throws ImdsException {
        Token old = current;
        if (old != null && clock.instant().isBefore(old.refreshAt)) {
            return old;
        }
        CompletableFuture<Token> shared;
        boolean owner;
        synchronized (this) {
            old = current;
            if (old != null && clock.instant().isBefore(old.refreshAt)) {
                return old;
            }
            owner = inflight == null;
            if (owner) {
                inflight = new CompletableFuture<>();
            }
            shared = inflight;
        }
        if (!owner) {
            return await(shared, call, failures);
        }
        Token fresh;
        try {
            fresh = fetcher.fetch(call);
        } catch (ImdsException e) {
            Token fallback = finishFailed(shared, old, e);
            if (fallback == null) {
                throw e;
            }
            return fallback;
        } catch (RuntimeException | Error e) {
            finishFailed(shared, null, e);
            throw e;
        }
        finish(shared, fresh);
        return fresh;
    }

    /** Returns a future token without blocking; the first caller starts the fetch. */
    CompletableFuture<Token> acquireAsync(Call call) {
        Token old = current;
        if (old != null && clock.instant().isBefore(old.refreshAt)) {
            return CompletableFuture.completedFuture(old);
        }
        CompletableFuture<Token> shared;
        synchronized (this) {
            old = current;
            if (old != null && clock.instant().isBefore(old.refreshAt)) {
                return CompletableFuture.completedFuture(old);
            }
            if (inflight != null) {
                return inflight;
            }
            shared = inflight = new CompletableFuture<>();
        }
        Token previous = old;
        CompletableFuture<Token> fetch;
        try {
            fetch = fetcher.fetchAsync(call);
        } catch (RuntimeException e) {
            fetch = CompletableFuture.failedFuture(e);
        }
        fetch.whenComplete((fresh, error) -> {
            if (error == null) {
                finish(shared, fresh);
            } else {
                finishFailed(shared, previous, unwrap(error));
            }
        });
        return shared;
    }

    /** Forgets {@code failed} if it is still current (another caller may have replaced it). */
    void invalidate(Token failed) {
        synchronized (this) {
            if (current == failed) {
                current = null;
            }
        }
    }

    private void finish(CompletableFuture<Token> shared, Token fresh) {
        synchronized (this) {
            current = fresh;
            inflight = null;
        }
        shared.complete(fresh);
    }

    /** Ends a failed fetch; returns the old token when it is still valid, else null. */
    private Token finishFailed(CompletableFuture<Token> shared, Token old, Throwable error) {
        Token fallback = old != null && clock.instant().isBefore(old.expiresAt) ? old : null;
        synchronized (this) {
            inflight = null;
        }
        if (fallback != null) {
            shared.complete(fallback);
        } else {
            shared.completeExceptionally(error);
        }
        return fallback;
    }

    /** Builds the exception a waiting caller gets when waiting itself fails. */
    interface TokenFailures {
        ImdsException timedOut();

        ImdsException interrupted(InterruptedException e);
    }

    private static Token await(CompletableFuture<Token> shared, Call call, TokenFailures failures)
            throws ImdsException {
        try {
            return shared.get(Math.max(0, call.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw failures.timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImdsException imds) {
                throw imds;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("token fetch failed", cause);
        } catch (CancellationException e) {
            throw failures.timedOut();
        }
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
