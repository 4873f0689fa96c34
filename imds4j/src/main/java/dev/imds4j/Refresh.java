/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One cached value that one caller refreshes while the others wait: the session token, role
 * credentials, the region. The only copy of that logic in the client.
 *
 * <p>A caller gets the cached value while it is {@linkplain Policy#fresh fresh}. Otherwise the
 * first caller becomes the owner and loads the next value (on its own thread, or without
 * blocking); callers that arrive meanwhile keep the old value while it is still {@linkplain
 * Policy#usable usable}, and else wait for the owner's load, each within its own deadline. A
 * load belongs to no single caller: an async caller that cancels its future, or gives up at its
 * deadline, stops waiting without failing the load for the others. A load runs within its
 * owner's deadline; when that deadline, not IMDS, ends it, a waiter whose own deadline is later
 * does not take the owner's failure but loads again (or waits for the next load) within its own.
 * A failed load is not cached;
 * the loader decides what a failure leaves behind (it is handed the previous value, so that it
 * can fall back to it).
 *
 * <p>Thread-safe.
 *
 * @param <T> the value
 */
final class Refresh<T> {
    /** When the cached value may be served. */
    interface Policy<T> {
        /** Serve it without loading. */
        boolean fresh(T value, Instant now);

        /** While another caller loads, serve it rather than wait. */
        boolean usable(T value, Instant now);
    }

    /** Loads the next value; {@code previous} is the current one, or null. */
    interface Loader<T> {
        T load(T previous, Call call) throws ImdsException;

        CompletableFuture<T> loadAsync(T previous, Call call);
    }

    /** Builds the exception a waiting caller gets when its own wait fails. */
    interface Waits {
        ImdsException timedOut();

        ImdsException interrupted(InterruptedException e);
    }

    /** Runs a task after a delay without holding a thread: the client's scheduler. */
    interface Timer {
        void later(Runnable task, long delayNanos);
    }

    private final Clock clock;
    private final Policy<T> policy;
    private final Timer timer;
    private volatile T current;
    /** What callers that find a load under way wait on; made by the first of them. */
    private CompletableFuture<T> loading; // guarded by this
    /**
     * A sync caller is loading. It makes no future of its own: one is made only when another
     * caller comes to wait, so that a single-threaded process (the CLI, a start-up step) never
     * loads {@code CompletableFuture} and {@code ForkJoinPool}, milliseconds of a cold start.
     */
    private boolean syncLoad; // guarded by this
    /** The deadline ({@link System#nanoTime()}) of the owner of the load under way. */
    private long loadDeadline; // guarded by this

    Refresh(Clock clock, Policy<T> policy, Timer timer) {
        this.clock = clock;
        this.policy = policy;
        this.timer = timer;
    }

    /** The cached value, fresh or not, or null. */
    T peek() {
        return current;
    }

    /**
     * Returns a value, loading it on this thread if this caller is the first to find it due.
     *
     * @throws ImdsException from the load, or from {@code waits} when this caller's own wait
     *     runs past its deadline or is interrupted
     */
    T get(Call call, Loader<T> loader, Waits waits) throws ImdsException {
        for (;;) {
            T value = current;
            Instant now = clock.instant();
            if (value != null && policy.fresh(value, now)) {
                return value;
            }
            CompletableFuture<T> shared = null;
            long ownerDeadline = 0;
            synchronized (this) {
                value = current;
                if (value != null && policy.fresh(value, now)) {
                    return value;
                }
                if (loadUnderWay()) {
                    if (value != null && policy.usable(value, now)) {
                        return value;
                    }
                    shared = joinLoad();
                    ownerDeadline = loadDeadline;
                } else {
                    syncLoad = true;
                    loadDeadline = call.deadlineNanos();
                }
            }
            if (shared != null) {
                try {
                    return await(shared, call, waits);
                } catch (ImdsTimeoutException e) {
                    if (outlasts(call, ownerDeadline, e)) {
                        continue;
                    }
                    throw e;
                }
            }
            T next;
            try {
                next = loader.load(value, call);
            } catch (ImdsException | RuntimeException | Error e) {
                finish(null, e);
                throw e;
            }
            finish(next, null);
            return next;
        }
    }

    /**
     * Whether a waiter under {@code call} should load again after the load it waited for
     * failed with {@code e}: the owner's deadline ended it, and the waiter's deadline is later
     * and not yet reached (and the waiter has not cancelled).
     */
    private static boolean outlasts(Call call, long ownerDeadline, Throwable e) {
        return e instanceof ImdsTimeoutException t && t.endedByDeadline() && !call.cancelled()
                && call.deadlineNanos() - ownerDeadline > 0 && call.remainingNanos() > 0;
    }

    private boolean loadUnderWay() { // guarded by this
        return loading != null || syncLoad;
    }

    /** The future of the load under way, made now if its owner loads synchronously. */
    private CompletableFuture<T> joinLoad() { // guarded by this
        if (loading == null) {
            loading = new CompletableFuture<>();
        }
        return loading;
    }

    /**
     * Returns a future value without blocking. The first caller to find it due starts the load
     * under a call of its own with the same deadline, which cancelling this caller's future does
     * not cancel.
     */
    CompletableFuture<T> getAsync(Call call, Loader<T> loader, Waits waits) {
        T value = current;
        Instant now = clock.instant();
        if (value != null && policy.fresh(value, now)) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> shared;
        synchronized (this) {
            value = current;
            if (value != null && policy.fresh(value, now)) {
                return CompletableFuture.completedFuture(value);
            }
            if (loadUnderWay()) {
                if (value != null && policy.usable(value, now)) {
                    return CompletableFuture.completedFuture(value);
                }
                long ownerDeadline = loadDeadline;
                CompletableFuture<T> mine = bounded(joinLoad(), call, waits);
                if (call.deadlineNanos() - ownerDeadline <= 0) {
                    return mine;
                }
                return mine.exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    return outlasts(call, ownerDeadline, cause) ? getAsync(call, loader, waits)
                            : CompletableFuture.failedFuture(cause);
                });
            }
            shared = loading = new CompletableFuture<>();
            loadDeadline = call.deadlineNanos();
        }
        CompletableFuture<T> load;
        try {
            load = loader.loadAsync(value, call.sameDeadline());
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.whenComplete((next, error) -> finish(next, error == null ? null : unwrap(error)));
        // the owner's load ends by the owner's deadline with its own outcome: no timer of its
        // own, which would blame "another caller" for the owner's own load
        return shared.copy();
    }

    /** Ends the load under way: keeps its value, and hands its outcome to those waiting. */
    private void finish(T next, Throwable error) {
        CompletableFuture<T> shared;
        synchronized (this) {
            if (error == null) {
                current = next;
            }
            shared = loading;
            loading = null;
            syncLoad = false;
        }
        if (shared == null) {
            return;
        } else if (error == null) {
            shared.complete(next);
        } else {
            shared.completeExceptionally(error);
        }
    }

    /** A caller's own view of a shared load: ends at its deadline, cancels only itself. */
    private CompletableFuture<T> bounded(CompletableFuture<T> shared, Call call, Waits waits) {
        CompletableFuture<T> mine = shared.copy();
        if (!mine.isDone()) {
            long remaining = call.remainingNanos();
            if (remaining <= 0) {
                mine.completeExceptionally(waits.timedOut());
            } else {
                timer.later(() -> mine.completeExceptionally(waits.timedOut()), remaining);
            }
        }
        return mine;
    }

    private static <T> T await(CompletableFuture<T> shared, Call call, Waits waits)
            throws ImdsException {
        try {
            return shared.get(Math.max(0, call.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            throw waits.timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw waits.interrupted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImdsException imds) {
                throw imds;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("load failed", cause);
        }
    }

    /**
     * Half of {@code d}, truncated toward zero to the nanosecond as
     * {@link Duration#dividedBy(long)} is, without {@code java.math}: {@code dividedBy} goes
     * through {@code BigDecimal}, whose class initialiser costs milliseconds of a cold JVM's
     * start-up (measured on JDK 25), and the first token and credentials are read in a cold JVM.
     */
    static Duration half(Duration d) {
        if (d.isNegative()) {
            return half(d.negated()).negated();
        }
        long seconds = d.getSeconds();
        return Duration.ofSeconds(seconds / 2, (seconds % 2) * 500_000_000L + d.getNano() / 2);
    }

    /** The cause inside a {@link CompletionException} or {@link ExecutionException}. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
