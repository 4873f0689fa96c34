/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ImdsEmulatorTest
final class AsyncTest {
    private static final String AMI = "/latest/meta-data/ami-id";

    private final ImdsEmulator emulator;

    AsyncTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    @Test
    void getAsync_returnsBeforeAnyAnswer() throws Exception {
        emulator.addFault(Fault.stall().always());
        try (ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                .readTimeout(Duration.ofSeconds(5)).build()) {
            CompletableFuture<SensitiveString> f = imds.getAsync(AMI);
            assertThat(f).isNotDone();
            emulator.takeRequest(); // the token PUT reached the server, on another thread
            assertThat(f).isNotDone();
        }
    }

    @Test
    void cancel_stopsTheWorkAndClosesTheConnection() throws Exception {
        try (ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                .readTimeout(Duration.ofSeconds(30)).build()) {
            imds.get(AMI);
            emulator.addFault(Fault.stall().onMethod("GET").always());
            CompletableFuture<SensitiveString> f = imds.getAsync(AMI);
            Await.until("the stalled GET to reach the emulator",
                    () -> emulator.requestCount() >= 3);
            assertThat(f.cancel(true)).isTrue();

            assertThat(f).isCancelled();
            Await.until("the cancelled call's connection to close",
                    () -> imds.transport().openConnections() == 0);
            Thread.sleep(200); // no retry may follow a cancel: give one the time to show
            assertThat(emulator.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void givenExecutor_runsTheWork() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger tasks = new AtomicInteger();
        try (ImdsClient imds = Patient.client(emulator.endpoint())
                .executor(r -> {
                    tasks.incrementAndGet();
                    pool.execute(r);
                }).build()) {
            assertThat(imds.getAsync(AMI).get(30, TimeUnit.SECONDS).reveal()).startsWith("ami-");
            // the token PUT and the GET each ran on the given executor, never on our own threads
            assertThat(tasks.get()).isGreaterThanOrEqualTo(2);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().startsWith("imds4j-async") && t.isAlive());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void asyncFailure_isTheSameTypedException() {
        try (ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            assertThatThrownBy(() -> imds.getAsync("/latest/meta-data/none")
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ImdsStatusException.class)
                    .hasMessageContaining("404 Not Found");
        }
    }

    @Test
    void close_failsPendingCallsAndStopsThreads() throws Exception {
        emulator.addFault(Fault.stall().always());
        ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                .readTimeout(Duration.ofSeconds(30)).build();
        CompletableFuture<SensitiveString> f = imds.getAsync(AMI);
        emulator.takeRequest();
        imds.close();

        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(ImdsConnectionException.class)
                .hasMessageContaining("closed");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("imds4j-async") && t.isAlive());
    }

    @Test
    void useAfterClose_illegalState() {
        ImdsClient imds = Patient.client(emulator.endpoint()).build();
        imds.close();
        imds.close();

        assertThatThrownBy(() -> imds.get(AMI)).isInstanceOf(IllegalStateException.class)
                .hasMessage("ImdsClient is closed");
        assertThatThrownBy(() -> imds.getAsync(AMI)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> imds.getBytes(AMI)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> imds.getBytesAsync(AMI))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void syncInterrupted_whileBackingOff_restoresFlag() throws Exception {
        try (ImdsClient imds = Patient.client(emulator.endpoint())
                .retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .operationTimeout(Duration.ofMinutes(5)).build()) {
            imds.get(AMI);
            emulator.addFault(Fault.status(503).onMethod("GET").always());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagAfter = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    imds.get(AMI);
                } catch (Throwable t) {
                    thrown.set(t);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            }, "backing-off-caller");
            caller.start();
            Await.until("the 503 that starts the backoff", () -> emulator.requestCount() >= 3);
            Await.until("the caller to sleep in its backoff",
                    () -> caller.getState() == Thread.State.TIMED_WAITING);
            caller.interrupt();
            caller.join(10_000);

            assertThat(caller.isAlive()).as("caller still running").isFalse();
            assertThat(thrown.get()).isExactlyInstanceOf(ImdsInterruptedException.class)
                    .hasMessageContaining("interrupted while waiting for the next attempt")
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(((ImdsException) thrown.get()).attempts()).isEqualTo(1);
            assertThat(flagAfter.get()).as("interrupt flag restored").isTrue();
        }
    }
}
