/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JournalTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void takeRequest_returnsRequestsInOrderWithDetails() throws Exception {
        ManualClock clock = ManualClock.startingAt(T0);
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).start()) {
            String token = RawHttp.token(emulator.endpoint(), 60);
            clock.advance(Duration.ofSeconds(5));
            RawHttp.get(emulator.endpoint(), "/latest/meta-data/ami-id?x=1", token);

            RecordedRequest put = emulator.takeRequest();
            assertThat(put.sequence()).isZero();
            assertThat(put.method()).isEqualTo("PUT");
            assertThat(put.path()).isEqualTo(ImdsEmulator.TOKEN_PATH);
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.receivedAt()).isEqualTo(T0);
            assertThat(put.header("x-AWS-ec2-metadata-token-ttl-seconds")).contains("60");
            assertThat(put.fault()).isNull();

            RecordedRequest get = emulator.takeRequest();
            assertThat(get.sequence()).isOne();
            assertThat(get.path()).isEqualTo("/latest/meta-data/ami-id?x=1");
            assertThat(get.receivedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(get.header("X-aws-ec2-metadata-token")).contains(token);
            assertThat(emulator.takeRequest(Duration.ZERO)).isEmpty();
            assertThat(emulator.requests()).containsExactly(put, get);
            assertThat(emulator.requestCount()).isEqualTo(2);
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void toString_redactsToken() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            String token = RawHttp.token(emulator.endpoint(), 60);
            RawHttp.get(emulator.endpoint(), "/latest/meta-data/ami-id", token);
            emulator.takeRequest();

            String text = emulator.takeRequest().toString();
            assertThat(text).doesNotContain(token).contains("X-aws-ec2-metadata-token=<redacted>")
                    .contains("GET /latest/meta-data/ami-id -> 200");
        }
    }

    @Test
    void recordedRequest_toString_controlCharactersEscaped_oneLine() {
        RecordedRequest r = new RecordedRequest(4, T0, "GET", "/x\u001b[2J",
                Map.of("User-Agent", List.of("a\u001b[31mred\u0007\r\nX-Fake: 1\u009b\u202e")),
                200, null);

        assertThat(r).hasToString("#4 GET /x\\x1b[2J -> 200 {User-Agent=[a\\x1b[31mred\\x07"
                + "\\x0d\\x0aX-Fake: 1\\x9b\\u202e]}");
    }

    @Test
    void recordedRequest_toStringRedactsAnyHeaderCase() {
        RecordedRequest r = new RecordedRequest(3, T0, "GET", "/x",
                Map.of("x-aws-ec2-metadata-token", List.of("SECRET")), 401, null);

        assertThat(r).hasToString("#3 GET /x -> 401 {x-aws-ec2-metadata-token=<redacted>}");
    }

    @Test
    void journalCapacity_dropsOldestKeepsCounting() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.builder().journalCapacity(2).start()) {
            for (int i = 0; i < 5; i++) {
                RawHttp.once(emulator.endpoint(), "GET", "/latest/meta-data/x" + i);
            }

            assertThat(emulator.requests()).extracting(RecordedRequest::path)
                    .containsExactly("/latest/meta-data/x3", "/latest/meta-data/x4");
            assertThat(emulator.requestCount()).isEqualTo(5);
        }
    }

    @Test
    void takeRequest_noneArrives_emptyAfterWaitingTheTimeout() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            long start = System.nanoTime();
            assertThat(emulator.takeRequest(Duration.ofMillis(50))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50));
        }
    }

    @Test
    void requestListener_toldOfEveryRequest() throws Exception {
        List<RecordedRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ImdsEmulator emulator = ImdsEmulator.builder().requestListener(seen::add).start()) {
            RawHttp.once(emulator.endpoint(), "GET", "/");

            assertThat(seen).containsExactlyElementsOf(emulator.requests());
        }
    }

    @Test
    void reset_clearsJournalAndCounters() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            RawHttp.token(emulator.endpoint(), 60);
            emulator.reset();

            assertThat(emulator.requests()).isEmpty();
            assertThat(emulator.requestCount()).isZero();
            assertThat(emulator.tokenRequestCount()).isZero();
            assertThat(emulator.takeRequest(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void builder_invalidArguments_rejectedNamingThem() {
        ImdsEmulator.Builder b = ImdsEmulator.builder();
        assertThatThrownBy(() -> b.port(-1)).hasMessageContaining("port")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> b.port(65_536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> b.host(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> b.journalCapacity(0)).hasMessageContaining("journalCapacity");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
    }

    @Test
    void emulator_invalidOptions_rejectedNamingThem() throws IOException {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            assertThatThrownBy(() -> emulator.maxTokenTtl(Duration.ZERO))
                    .hasMessageContaining("maxTokenTtl");
            assertThatThrownBy(() -> emulator.maxTokenTtl(Duration.ofSeconds(21_601)))
                    .hasMessageContaining("21600");
            assertThatThrownBy(() -> emulator.throttle(-1)).hasMessageContaining("throttle");
            assertThatThrownBy(() -> emulator.scheduleTargetLifecycleState(" ", T0))
                    .hasMessageContaining("state");
            assertThatThrownBy(() -> new MaintenanceEvent("c", "d", "e", T0, T0.minusSeconds(1),
                    "active")).hasMessageContaining("notAfter");
        }
    }

    @Test
    void endpoint_isLoopbackWithBoundPort() throws IOException {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            assertThat(emulator.endpoint().toString())
                    .isEqualTo("http://127.0.0.1:" + emulator.port());
            assertThat(emulator.port()).isPositive();
            assertThat(emulator).hasToString("ImdsEmulator[" + emulator.endpoint() + "]");
        }
    }

    @Test
    void endpoint_ipv6LoopbackIsBracketed() throws IOException {
        try (ImdsEmulator emulator = ImdsEmulator.builder().host("::1").start()) {
            assertThat(emulator.endpoint().toString()).startsWith("http://[0:0:0:0:0:0:0:1]:");
            assertThat(RawHttp.token(emulator.endpoint(), 60)).isNotEmpty();
        } catch (java.net.SocketException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback on this machine: " + e);
        }
    }

    @Test
    void close_isIdempotentAndFreesThePort() throws IOException {
        ImdsEmulator emulator = ImdsEmulator.start();
        int port = emulator.port();
        emulator.close();
        emulator.close();

        try (ImdsEmulator again = ImdsEmulator.builder().port(port).start()) {
            assertThat(again.port()).isEqualTo(port);
        }
    }
}
