/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one "one caller loads, the others wait" primitive, on its own. */
@Timeout(60)
final class RefreshTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:1");
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger loads = new AtomicInteger();

    /** Values are instants: fresh for 10 s after they were loaded, usable for 20 s. */
    private final Refresh<Instant> refresh = new Refresh<>(clock, new Refresh.Policy<Instant>() {
        @Override
        public boolean fresh(Instant v, Instant now) {
            return now.isBefore(v.plusSeconds(10));
        }

        @Override
        public boolean usable(Instant v, Instant now) {
            return now.isBefore(v.plusSeconds(20));
        }
    }, (task, nanos) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS));

    private final Refresh.Waits waits = new Refresh.Waits() {
        @Override
        public ImdsException timedOut() {
            return new ImdsTimeoutException("waited too long", "GET", "/x", ENDPOINT, 0, null);
        }

        @Override
        public ImdsException interrupted(InterruptedException e) {
            return new ImdsInterruptedException("interrupted", "GET", "/x", ENDPOINT, 0, e);
        }
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A loader whose loads finish when {@code gate} completes. */
    private Refresh.Loader<Instant> gated(CompletableFuture<Void> gate) {
        return new Refresh.Loader<Instant>() {
            @Override
            public Instant load(Instant previous, Call call) {
                loads.incrementAndGet();
                gate.join();
                return clock.instant();
            }

            @Override
            public CompletableFuture<Instant> loadAsync(Instant previous, Call call) {
                loads.incrementAndGet();
                return gate.thenApply(v -> clock.instant());
            }
        };
    }

    /** A loader for sync owners: each load waits for {@code gate}, then throws {@code failure}. */
    private Refresh.Loader<Instant> failingAfter(CompletableFuture<Void> gate,
            ImdsException failure) {
        return new Refresh.Loader<Instant>() {
            @Override
            public Instant load(Instant previous, Call call) throws ImdsException {
                loads.incrementAndGet();
                gate.join();
                throw failure;
            }

            @Override
            public CompletableFuture<Instant> loadAsync(Instant previous, Call call) {
                throw new AssertionError("the sync owner loads");
            }
        };
    }

    private static Call within(Duration d) {
        return new Call(System.nanoTime() + d.toNanos());
    }

    @Test
    void get_concurrentCallers_oneLoad() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Instant>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> refresh.get(within(Duration.ofSeconds(30)),
                    gated(gate), waits)));
        }
        List<CompletableFuture<Instant>> async = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            async.add(refresh.getAsync(within(Duration.ofSeconds(30)), gated(gate), waits));
        }
        Await.until("the first load to start", () -> loads.get() == 1);
        gate.complete(null);

        for (Future<Instant> f : results) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        }
        for (CompletableFuture<Instant> f : async) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        }
        assertThat(loads).hasValue(1);
        pool.shutdownNow();
    }

    @Test
    void getAsync_waiterGivesUpAtItsDeadline_theLoadGoesOn() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Instant> owner = refresh.getAsync(within(Duration.ofSeconds(30)),
                gated(gate), waits);
        CompletableFuture<Instant> hurried = refresh.getAsync(within(Duration.ofMillis(50)),
                gated(gate), waits);

        assertThatThrownBy(() -> hurried.get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("waited too long");
        assertThat(owner).isNotDone();
        gate.complete(null);
        assertThat(owner.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        assertThat(refresh.peek()).isEqualTo(clock.instant());
    }

    @Test
    void get_syncWaiterGivesUpAtItsDeadline() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Instant> owner = refresh.getAsync(within(Duration.ofSeconds(30)),
                gated(gate), waits);

        assertThatThrownBy(() -> refresh.get(within(Duration.ofMillis(50)), gated(gate), waits))
                .isInstanceOf(ImdsTimeoutException.class).hasMessage("waited too long");
        gate.complete(null);
        assertThat(owner.get(20, TimeUnit.SECONDS)).as("the owner's load, which went on")
                .isEqualTo(clock.instant());
    }

    @Test
    void getAsync_cancellingTheOwnersFuture_doesNotCancelTheLoad() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Instant> owner = refresh.getAsync(within(Duration.ofSeconds(30)),
                gated(gate), waits);
        CompletableFuture<Instant> other = refresh.getAsync(within(Duration.ofSeconds(30)),
                gated(gate), waits);

        assertThat(owner.cancel(true)).isTrue();
        gate.complete(null);
        assertThat(other.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        assertThat(loads).hasValue(1);
    }

    @Test
    void get_staleButUsable_servedWhileAnotherCallerLoads() throws Exception {
        CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
        Instant first = refresh.get(within(Duration.ofSeconds(5)), gated(open), waits);
        clock.advance(Duration.ofSeconds(15)); // due, still usable
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CompletableFuture<Instant> loading = refresh.getAsync(within(Duration.ofSeconds(30)),
                gated(gate), waits);

        assertThat(refresh.get(within(Duration.ofSeconds(5)), gated(gate), waits))
                .isEqualTo(first);
        gate.complete(null);
        assertThat(loading.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
    }

    @Test
    void get_failedLoad_isNotCached() {
        Refresh.Loader<Instant> failing = new Refresh.Loader<Instant>() {
            @Override
            public Instant load(Instant previous, Call call) throws ImdsException {
                loads.incrementAndGet();
                throw new ImdsConnectionException("down", "GET", "/x", ENDPOINT, 1, null);
            }

            @Override
            public CompletableFuture<Instant> loadAsync(Instant previous, Call call) {
                throw new UnsupportedOperationException();
            }
        };
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> refresh.get(within(Duration.ofSeconds(5)), failing, waits))
                    .hasMessage("down");
        }
        assertThat(loads).hasValue(3);
        assertThat(refresh.peek()).isNull();
    }

    @Test
    void get_syncOwner_handsItsFailureThenItsValueToThoseWhoCameToWait() throws Exception {
        CompletableFuture<Void> failGate = new CompletableFuture<>();
        Refresh.Loader<Instant> failing = failingAfter(failGate,
                new ImdsConnectionException("down", "GET", "/x", ENDPOINT, 1, null));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Instant> owner = pool.submit(() -> refresh.get(within(Duration.ofSeconds(30)),
                    failing, waits));
            Await.until("the sync owner's load to start", () -> loads.get() == 1);
            FutureTask<Instant> syncWaiter = new FutureTask<>(() -> refresh.get(
                    within(Duration.ofSeconds(30)), failing, waits));
            Thread waiting = new Thread(syncWaiter, "sync-waiter");
            waiting.start();
            Await.until("the sync waiter to wait for the owner's load",
                    () -> waiting.getState() == Thread.State.TIMED_WAITING);
            CompletableFuture<Instant> asyncWaiter = refresh.getAsync(
                    within(Duration.ofSeconds(30)), failing, waits);
            failGate.complete(null);

            for (Future<Instant> f : List.of(owner, syncWaiter, asyncWaiter)) {
                assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasRootCauseMessage("down");
            }
            assertThat(loads).hasValue(1);

            CompletableFuture<Void> gate = new CompletableFuture<>();
            Future<Instant> owner2 = pool.submit(() -> refresh.get(
                    within(Duration.ofSeconds(30)), gated(gate), waits));
            Await.until("the second load to start", () -> loads.get() == 2);
            CompletableFuture<Instant> asyncWaiter2 = refresh.getAsync(
                    within(Duration.ofSeconds(30)), gated(gate), waits);
            gate.complete(null);
            assertThat(owner2.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
            assertThat(asyncWaiter2.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
            assertThat(loads).hasValue(2);
            // nothing is left under way: a due value starts a new load
            clock.advance(Duration.ofSeconds(25));
            assertThat(refresh.get(within(Duration.ofSeconds(5)),
                    gated(CompletableFuture.completedFuture(null)), waits))
                    .isEqualTo(clock.instant());
            assertThat(loads).hasValue(3);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A loader whose first load fails as its caller's deadline would end it; later ones load. */
    private Refresh.Loader<Instant> endedByTheFirstOwnersDeadline(CompletableFuture<Void> gate) {
        return new Refresh.Loader<Instant>() {
            @Override
            public Instant load(Instant previous, Call call) throws ImdsException {
                if (loads.incrementAndGet() == 1) {
                    gate.join();
                    throw new ImdsTimeoutException("gave up at the caller's deadline", "PUT",
                            "/latest/api/token", ENDPOINT, 1, null, true);
                }
                return clock.instant();
            }

            @Override
            public CompletableFuture<Instant> loadAsync(Instant previous, Call call) {
                if (loads.incrementAndGet() == 1) { // without blocking the caller
                    return gate.thenCompose(v -> CompletableFuture.failedFuture(
                            new ImdsTimeoutException("gave up at the caller's deadline", "PUT",
                                    "/latest/api/token", ENDPOINT, 1, null, true)));
                }
                return CompletableFuture.completedFuture(clock.instant());
            }
        };
    }

    @Test
    void get_ownersDeadlineEndsTheLoad_laterWaitersLoadAgainWithinTheirOwn() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Refresh.Loader<Instant> loader = endedByTheFirstOwnersDeadline(gate);
        Call hurried = within(Duration.ofMillis(200));
        FutureTask<Instant> owner = new FutureTask<>(() -> refresh.get(hurried, loader, waits));
        new Thread(owner, "hurried-owner").start();
        Await.until("the hurried owner's load to start", () -> loads.get() == 1);
        FutureTask<Instant> syncWaiter = new FutureTask<>(() -> refresh.get(
                within(Duration.ofSeconds(30)), loader, waits));
        Thread waiting = new Thread(syncWaiter, "patient-waiter");
        waiting.start();
        Await.until("the sync waiter to wait for the owner's load",
                () -> waiting.getState() == Thread.State.TIMED_WAITING);
        CompletableFuture<Instant> asyncWaiter = refresh.getAsync(within(Duration.ofSeconds(30)),
                loader, waits);
        // a waiter whose deadline is not later than the owner's takes the owner's failure
        CompletableFuture<Instant> asHurried = refresh.getAsync(hurried, loader, waits);
        gate.complete(null);

        assertThatThrownBy(() -> owner.get(20, TimeUnit.SECONDS)).hasRootCauseMessage(
                "gave up at the caller's deadline");
        assertThatThrownBy(() -> asHurried.get(20, TimeUnit.SECONDS)).hasRootCauseMessage(
                "gave up at the caller's deadline");
        assertThat(syncWaiter.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        assertThat(asyncWaiter.get(20, TimeUnit.SECONDS)).isEqualTo(clock.instant());
        assertThat(loads).as("one load ended by the deadline, one for the later waiters")
                .hasValue(2);
    }

    @Test
    void get_loadFailedByImds_waitersTakeTheFailureAndDoNotLoadAgain() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Refresh.Loader<Instant> timingOut = failingAfter(gate, new ImdsTimeoutException(
                "no response in time (read timeout 1000 ms)", "PUT", "/latest/api/token",
                ENDPOINT, 4, null));
        FutureTask<Instant> owner = new FutureTask<>(() -> refresh.get(
                within(Duration.ofMillis(500)), timingOut, waits));
        new Thread(owner, "owner").start();
        Await.until("the owner's load to start", () -> loads.get() == 1);
        CompletableFuture<Instant> asyncWaiter = refresh.getAsync(within(Duration.ofSeconds(30)),
                timingOut, waits);
        gate.complete(null);

        assertThatThrownBy(() -> owner.get(20, TimeUnit.SECONDS))
                .hasRootCauseMessage("no response in time (read timeout 1000 ms)");
        assertThatThrownBy(() -> asyncWaiter.get(20, TimeUnit.SECONDS))
                .hasRootCauseMessage("no response in time (read timeout 1000 ms)");
        assertThat(loads).hasValue(1);
    }

    @Test
    void getAsync_cancelledWaiter_doesNotLoadAgainAfterTheOwnersDeadline() throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        Refresh.Loader<Instant> loader = endedByTheFirstOwnersDeadline(gate);
        CompletableFuture<Instant> owner = refresh.getAsync(within(Duration.ofMillis(200)),
                loader, waits);
        Call patient = within(Duration.ofSeconds(30));
        CompletableFuture<Instant> waiter = refresh.getAsync(patient, loader, waits);
        patient.cancel(); // as ImdsClient does when its caller cancels
        gate.complete(null);

        assertThatThrownBy(() -> owner.get(20, TimeUnit.SECONDS))
                .hasRootCauseMessage("gave up at the caller's deadline");
        assertThatThrownBy(() -> waiter.get(20, TimeUnit.SECONDS))
                .hasRootCauseMessage("gave up at the caller's deadline");
        assertThat(loads).hasValue(1);
    }
}
