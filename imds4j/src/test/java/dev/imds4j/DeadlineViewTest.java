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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ImdsClient#withDeadlineAfter(Duration)}: one deadline over several calls, shared
 * connections and token, and a view that owns nothing. The clients here have a 20 s operation
 * timeout, so a call that ends near the view's budget ended because of the view.
 */
@ImdsEmulatorTest
final class DeadlineViewTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String HOSTNAME = "/latest/meta-data/hostname";
    private static final Duration OPERATION = Duration.ofSeconds(20);

    private final ImdsEmulator emulator;

    DeadlineViewTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private ImdsClient client() {
        return Patient.client(emulator.endpoint()).operationTimeout(OPERATION).build();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void twoCalls_shareOneDeadline(Mode mode) throws Exception {
        emulator.addFault(Fault.latency(Duration.ofMillis(400)).onMethod("GET").always());
        try (ImdsClient imds = client()) {
            ImdsClient bounded = imds.withDeadlineAfter(Duration.ofMillis(700));

            assertThat(mode.get(bounded, AMI).reveal()).isEqualTo("ami-0c1c30571d2dae5c9");
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(bounded, HOSTNAME))
                    .isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("at the caller's deadline (700 ms)")
                    .hasMessageNotContaining("operation timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(OPERATION.dividedBy(4));
            // the client itself is not bound by the view's deadline
            assertThat(mode.get(imds, HOSTNAME).reveal()).contains("compute.internal");
        }
    }

    @Test
    void stalledIdentityDocument_endsAtTheDeadline_notTheOperationTimeout() {
        emulator.addFault(Fault.stall().onPath("/latest/dynamic/*").always());
        try (ImdsClient imds = client()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> imds.withDeadlineAfter(Duration.ofMillis(300)).metadata()
                    .identityDocument())
                    .isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("the caller's deadline (300 ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(290))
                    .isLessThan(OPERATION.dividedBy(4));
        }
    }

    @Test
    void view_sharesTheSessionToken_andConnections() throws Exception {
        try (ImdsClient imds = client()) {
            imds.get(AMI);
            ImdsClient bounded = imds.withDeadlineAfter(Duration.ofSeconds(5));
            bounded.get(HOSTNAME);
            bounded.metadata().identityDocument();

            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
            assertThat(imds.transport().peakConnections()).isEqualTo(1);
        }
    }

    @Test
    void closingTheView_closesNothing_closingTheClient_endsTheView() throws Exception {
        ImdsClient imds = client();
        ImdsClient bounded = imds.withDeadlineAfter(Duration.ofSeconds(5));
        bounded.close();
        assertThat(imds.get(AMI).reveal()).isEqualTo("ami-0c1c30571d2dae5c9");
        assertThat(bounded.get(AMI).reveal()).isEqualTo("ami-0c1c30571d2dae5c9");

        imds.close();
        assertThatThrownBy(() -> bounded.get(AMI)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> imds.withDeadlineAfter(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void asyncCallInFlight_failsWhenTheClientCloses() throws Exception {
        emulator.addFault(Fault.stall().onPath(AMI).always());
        ImdsClient imds = client();
        CompletableFuture<SensitiveString> f = imds.withDeadlineAfter(Duration.ofSeconds(15))
                .getAsync(AMI);
        imds.close();
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ImdsConnectionException.class)
                .hasMessageContaining("the client was closed");
    }

    @Test
    void passedDeadline_failsAtOnce_sendingNothing() {
        try (ImdsClient imds = client()) {
            assertThatThrownBy(() -> imds.withDeadlineAfter(Duration.ZERO).get(AMI))
                    .isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("the caller's deadline (0 ms)");
        }
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void viewOfAView_keepsTheSoonerDeadline() {
        emulator.addFault(Fault.stall().onPath(AMI).always());
        try (ImdsClient imds = client()) {
            ImdsClient later = imds.withDeadlineAfter(Duration.ofMillis(300))
                    .withDeadlineAfter(Duration.ofSeconds(15));
            long start = System.nanoTime();
            assertThatThrownBy(() -> later.get(AMI))
                    .hasMessageContaining("the caller's deadline (300 ms)");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(later.toString()).endsWith(", deadline view]");
        }
    }

    @Test
    void deadlineLaterThanTheOperationTimeout_leavesTheOperationTimeout() {
        emulator.addFault(Fault.stall().onPath(AMI).always());
        try (ImdsClient imds = Patient.client(emulator.endpoint())
                .operationTimeout(Duration.ofMillis(300)).build()) {
            assertThatThrownBy(() -> imds.withDeadlineAfter(Duration.ofDays(365 * 1000)).get(AMI))
                    .hasMessageContaining("the operation timeout of 300 ms");
        }
    }

    @Test
    void badBudgets_areRefused() {
        try (ImdsClient imds = client()) {
            assertThatThrownBy(() -> imds.withDeadlineAfter(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("budget: must not be negative: PT-0.001S");
            assertThatThrownBy(() -> imds.withDeadlineAfter(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("budget");
        }
    }

    /** A token answered after 700 ms the first time, at once after; GETs answered at once. */
    private static ScriptedServer slowFirstToken() throws java.io.IOException {
        return new ScriptedServer((i, r, out) -> {
            if (r.method().equals("PUT")) {
                if (i == 0) {
                    try {
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                ScriptedServer.respond(out, 200, "token-" + i,
                        "X-aws-ec2-metadata-token-ttl-seconds: 21600");
            } else {
                ScriptedServer.respond(out, 200, "ami-0c1c30571d2dae5c9");
            }
            return true;
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void viewStartsTheTokenFetch_itsDeadlineDoesNotFailOtherCallers(Mode mode) throws Exception {
        try (ScriptedServer server = slowFirstToken();
                ImdsClient imds = Patient.client(server.endpoint()).operationTimeout(OPERATION)
                        .build()) {
            ImdsClient hurried = imds.withDeadlineAfter(Duration.ofMillis(200));
            CompletableFuture<SensitiveString> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return mode.get(hurried, AMI);
                } catch (ImdsException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            Await.until("the view's token request to arrive", () -> server.requests().size() == 1);

            assertThat(mode.get(imds, AMI).reveal()).isEqualTo("ami-0c1c30571d2dae5c9");
            assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("the caller's deadline (200 ms)");
            assertThat(server.requests()).extracting(ScriptedServer.Request::method)
                    .containsExactly("PUT", "PUT", "GET");
        }
    }

    @Test
    void expiredView_sendsNothing_evenWithAKeptAliveConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.imds("ami-1"));
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            long start = System.nanoTime();
            ImdsClient bounded = imds.withDeadlineAfter(Duration.ofMillis(100));
            assertThat(bounded.get(AMI).reveal()).isEqualTo("ami-1");
            Await.until("the view's deadline to pass",
                    () -> System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(150));

            assertThatThrownBy(() -> bounded.get(AMI)).isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("the caller's deadline (100 ms)");
            assertThat(server.requests()).hasSize(2);
            assertThat(server.connections()).isEqualTo(1);
            // the kept-alive connection was not spent: the client's next call uses it
            assertThat(imds.get(AMI).reveal()).isEqualTo("ami-1");
            assertThat(server.connections()).isEqualTo(1);
        }
    }
}
