/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A storm: 64 threads (48 sync, 16 async) make 50,000 gets against the emulator while 5% of
 * GETs fail in mixed ways (500, 503, 429, closed connection, truncated body, 1% each) and the
 * shared clock runs fast enough to expire the 300 s token dozens of times.
 *
 * <p>A soak test, so it runs in the integration-test phase (after package) with a time limit of
 * its own; see DEVELOPERS.md.
 */
@Timeout(300)
final class StormIT {
    private static final int THREADS = 64;
    private static final int ASYNC_THREADS = 16;
    private static final int GETS = 50_000;
    private static final int KEYS = 64;
    private static final Duration TTL = Duration.ofSeconds(300);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void storm_everyAnswerRight_failuresTyped_tokensBySchedule_nothingLeftOpen() throws Exception {
        ManualClock clock = ManualClock.startingAt(Instant.now());
        AtomicLong advanced = new AtomicLong();
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger wrong = new AtomicInteger();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        AtomicLong slowestFailureNanos = new AtomicLong();
        HttpTransport transport;
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).journalCapacity(1)
                .start()) {
            String[] values = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                values[i] = "value-" + i + "-" + ThreadLocalRandom.current().nextLong();
                emulator.put("/latest/meta-data/tags/instance/k" + i, values[i]);
            }
            for (Fault f : new Fault[] {Fault.status(500), Fault.status(503), Fault.status(429),
                Fault.closeConnection(), Fault.truncateBody()}) {
                emulator.addFault(f.onMethod("GET").always().probability(0.01));
            }
            ImdsClient imds = Patient.client(emulator.endpoint()).clock(clock)
                    .tokenTtl(TTL).operationTimeout(OPERATION_TIMEOUT).build();
            transport = imds.transport();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread ticker = new Thread(() -> {
                while (running.get()) {
                    clock.advance(Duration.ofSeconds(10));
                    advanced.addAndGet(10);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "storm-clock");
            ticker.start();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    Mode mode = t < ASYNC_THREADS ? Mode.ASYNC : Mode.SYNC;
                    workers.add(pool.submit(() -> {
                        while (issued.incrementAndGet() <= GETS) {
                            int key = ThreadLocalRandom.current().nextInt(KEYS);
                            long began = System.nanoTime();
                            try {
                                String v = mode.get(imds,
                                        "/latest/meta-data/tags/instance/k" + key).reveal();
                                (v.equals(values[key]) ? ok : wrong).incrementAndGet();
                            } catch (ImdsException e) {
                                failures.computeIfAbsent(e.getClass().getSimpleName(),
                                        k -> new AtomicInteger()).incrementAndGet();
                                slowestFailureNanos.accumulateAndGet(System.nanoTime() - began,
                                        Math::max);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(120, TimeUnit.SECONDS);
                }
            } catch (ExecutionException e) {
                throw new AssertionError("a worker failed with an untyped exception", e.getCause());
            } finally {
                running.set(false);
                ticker.join(10_000);
                pool.shutdownNow();
            }
            assertThat(ticker.isAlive()).as("the clock thread ended within 10 s").isFalse();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int failed = failures.values().stream().mapToInt(AtomicInteger::get).sum();
            long puts = emulator.tokenRequestCount();
            // the client refreshes 120 s before the 300 s expiry: at most one PUT per 180 s
            long scheduled = 1 + advanced.get() / 180;
            System.out.printf("storm: %d gets in %d ms, %d ok, %d failed %s, %d token PUTs "
                    + "(clock ran %d s; schedule allows %d)%n", GETS, took.toMillis(), ok.get(),
                    failed, failures, puts, advanced.get(), scheduled);

            assertThat(wrong).hasValue(0);
            assertThat(ok.get() + failed).isEqualTo(GETS);
            assertThat((double) ok.get() / GETS).isGreaterThanOrEqualTo(0.999);
            assertThat(Duration.ofNanos(slowestFailureNanos.get()))
                    .isLessThan(OPERATION_TIMEOUT.plusSeconds(1));
            assertThat(puts).isGreaterThan(1).isLessThanOrEqualTo(scheduled);
            imds.close();
        }
        assertThat(transport.openConnections()).isZero();
        Await.until("the client's async threads to end", Duration.ofSeconds(5),
                () -> asyncThreads() == 0);
    }

    static long asyncThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("imds4j-async") && t.isAlive()).count();
    }
}
