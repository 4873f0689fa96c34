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
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.RecordedRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
final class TokenTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String AMI_VALUE = "ami-0c1c30571d2dae5c9";

    private final ImdsEmulator emulator;
    private final ManualClock clock;

    TokenTest(ImdsEmulator emulator, ManualClock clock) {
        this.emulator = emulator;
        this.clock = clock;
    }

    private ImdsClient.Builder client() {
        return Patient.client(emulator.endpoint()).clock(clock)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void get_tenSequential_onePut(Mode mode) throws Exception {
        try (ImdsClient imds = client().build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
            }
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(emulator.requestCount()).isEqualTo(11);
        RecordedRequest put = emulator.takeRequest();
        assertThat(put.header("X-aws-ec2-metadata-token-ttl-seconds")).contains("21600");
        String token = emulator.takeRequest().header("X-aws-ec2-metadata-token").orElseThrow();
        assertThat(emulator.requests().subList(1, 11))
                .allSatisfy(r -> assertThat(r.header("X-aws-ec2-metadata-token")).contains(token));
    }

    @Test
    void get_64ConcurrentColdSyncCallers_exactlyOnePut() throws Exception {
        emulator.addFault(Fault.latency(Duration.ofMillis(200)).onTokenPut());
        try (ImdsClient imds = client().build()) {
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                CountDownLatch ready = new CountDownLatch(64);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit((Callable<String>) () -> {
                        ready.countDown();
                        ready.await();
                        return imds.get(AMI).reveal();
                    }));
                }
                for (Future<String> f : results) {
                    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(AMI_VALUE);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(emulator.requestCount()).isEqualTo(65);
    }

    @Test
    void getAsync_64ConcurrentColdCallers_exactlyOnePut() throws Exception {
        emulator.addFault(Fault.latency(Duration.ofMillis(200)).onTokenPut());
        try (ImdsClient imds = client().build()) {
            List<CompletableFuture<SensitiveString>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(imds.getAsync(AMI));
            }
            for (CompletableFuture<SensitiveString> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).reveal()).isEqualTo(AMI_VALUE);
            }
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(emulator.requestCount()).isEqualTo(65);
    }

    @Test
    void mixedSyncAndAsyncColdCallers_shareOneFetch() throws Exception {
        emulator.addFault(Fault.latency(Duration.ofMillis(200)).onTokenPut());
        try (ImdsClient imds = client().build()) {
            CompletableFuture<SensitiveString> async = imds.getAsync(AMI);
            assertThat(imds.get(AMI).reveal()).isEqualTo(AMI_VALUE);
            assertThat(async.get(30, TimeUnit.SECONDS).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_refreshedAtExpiryMinusBuffer(Mode mode) throws Exception {
        try (ImdsClient imds = client().tokenTtl(Duration.ofSeconds(600)).build()) {
            mode.get(imds, AMI);
            clock.advance(Duration.ofSeconds(479)); // refresh point: 600 - 120
            mode.get(imds, AMI);
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            mode.get(imds, AMI);
            assertThat(emulator.tokenRequestCount()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void token_expiresByTheTtlTheServerStated(Mode mode) throws Exception {
        emulator.maxTokenTtl(Duration.ofSeconds(60));
        try (ImdsClient imds = client().build()) {
            mode.get(imds, AMI);
            clock.advance(Duration.ofSeconds(29)); // stated 60 s: buffer 30 s, half the TTL
            mode.get(imds, AMI);
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            mode.get(imds, AMI);
            assertThat(emulator.tokenRequestCount()).isEqualTo(2);
        }
        assertThat(emulator.requests()).extracting(RecordedRequest::status).containsOnly(200);
    }

    @Test
    void refreshBuffer_120sOrHalfAShortTtl() {
        assertThat(Token.refreshBuffer(Duration.ofSeconds(21_600)))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(Token.refreshBuffer(Duration.ofSeconds(240)))
                .isEqualTo(Duration.ofSeconds(120));
        assertThat(Token.refreshBuffer(Duration.ofSeconds(100)))
                .isEqualTo(Duration.ofSeconds(50));
        assertThat(Token.refreshBuffer(Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedFetch_notCached(Mode mode) throws Exception {
        emulator.addFault(Fault.status(500).onTokenPut().times(2));
        try (ImdsClient imds = client().maxAttempts(2).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI)).isInstanceOf(ImdsStatusException.class)
                    .hasMessageContaining("PUT /latest/api/token");
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void refreshFails_oldTokenStillValid_keepsUsingIt(Mode mode) throws Exception {
        try (ImdsClient imds = client().tokenTtl(Duration.ofSeconds(600)).maxAttempts(1).build()) {
            mode.get(imds, AMI);
            clock.advance(Duration.ofSeconds(500)); // past the refresh point, before expiry
            emulator.addFault(Fault.status(503).onTokenPut().always());

            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
            clock.advance(Duration.ofSeconds(100)); // now expired: no fallback
            assertThatThrownBy(() -> mode.get(imds, AMI)).isInstanceOf(ImdsStatusException.class)
                    .extracting(e -> ((ImdsStatusException) e).status()).isEqualTo(503);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenPut_carriesTtlAsked(Mode mode) throws Exception {
        try (ImdsClient imds = client().tokenTtl(Duration.ofSeconds(900)).build()) {
            mode.get(imds, AMI);
        }
        assertThat(emulator.takeRequest().header("X-aws-ec2-metadata-token-ttl-seconds"))
                .contains("900");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenResponse_withoutTtlHeader_typedError(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer((i, r, out) -> {
            ScriptedServer.respond(out, 200, "zq-token-value-77");
            return true;
        }); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("no X-aws-ec2-metadata-token-ttl-seconds header")
                    .hasMessageNotContaining("zq-token-value-77");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenResponse_notHeaderSafe_typedError(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer((i, r, out) -> {
            ScriptedServer.respond(out, 200, "evil\r\nX-Injected: 1",
                    "X-aws-ec2-metadata-token-ttl-seconds: 60");
            return true;
        }); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("not header-safe")
                    .hasMessageNotContaining("evil");
            assertThat(server.requests()).hasSize(1);
        }
    }
}
