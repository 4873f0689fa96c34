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
import dev.imds4j.emulator.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@ImdsEmulatorTest
final class RetryTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String AMI_VALUE = "ami-0c1c30571d2dae5c9";
    private static final int ATTEMPTS = 4;

    private final ImdsEmulator emulator;

    RetryTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private ImdsClient.Builder client() {
        return Patient.client(emulator.endpoint()).maxAttempts(ATTEMPTS)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10));
    }

    private List<Integer> getStatuses() {
        return emulator.requests().stream().filter(r -> r.method().equals("GET"))
                .map(RecordedRequest::status).toList();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unauthorizedOnce_refreshesTokenOnceThenSucceeds(Mode mode) throws Exception {
        try (ImdsClient imds = client().build()) {
            mode.get(imds, AMI);
            emulator.addFault(Fault.status(401).onMethod("GET"));

            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(emulator.requests()).extracting(r -> r.method() + " " + r.status())
                .containsExactly("PUT 200", "GET 200", "GET 401", "PUT 200", "GET 200");
        List<RecordedRequest> all = emulator.requests();
        assertThat(all.get(4).header("X-aws-ec2-metadata-token"))
                .isNotEqualTo(all.get(2).header("X-aws-ec2-metadata-token"));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unauthorizedAlways_failsAfterExactlyMaxAttemptsGets(Mode mode) throws Exception {
        emulator.addFault(Fault.status(401).onMethod("GET").always());
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.attempts()).isEqualTo(ATTEMPTS);
                        assertThat(e.path()).isEqualTo(AMI);
                        assertThat(e.method()).isEqualTo("GET");
                        assertThat(e.endpoint()).isEqualTo(emulator.endpoint());
                    })
                    .hasMessageContaining("after 4 attempts");
        }
        assertThat(getStatuses()).hasSize(ATTEMPTS).containsOnly(401);
        assertThat(emulator.tokenRequestCount()).isEqualTo(ATTEMPTS);
    }

    @ParameterizedTest
    @CsvSource({"SYNC,500", "SYNC,503", "SYNC,429", "ASYNC,500", "ASYNC,503", "ASYNC,429"})
    void retryableStatus_untilLastAttempt_succeeds(Mode mode, int status) throws Exception {
        emulator.addFault(Fault.status(status).onMethod("GET").times(ATTEMPTS - 1));
        try (ImdsClient imds = client().build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(getStatuses()).containsExactly(status, status, status, 200);
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"SYNC,500", "SYNC,503", "SYNC,429", "ASYNC,500", "ASYNC,503", "ASYNC,429"})
    void retryableStatus_everyAttempt_typedError(Mode mode, int status) throws Exception {
        emulator.addFault(Fault.status(status).onMethod("GET").always());
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.attempts()).isEqualTo(ATTEMPTS);
                    });
        }
        assertThat(getStatuses()).hasSize(ATTEMPTS);
    }

    @ParameterizedTest
    @CsvSource({"SYNC,400", "SYNC,403", "SYNC,404", "SYNC,405", "SYNC,418",
        "ASYNC,400", "ASYNC,403", "ASYNC,404", "ASYNC,405", "ASYNC,418"})
    void clientErrorStatus_exactlyOneRequest(Mode mode, int status) throws Exception {
        emulator.addFault(Fault.status(status).onMethod("GET").always());
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.attempts()).isEqualTo(1);
                    });
        }
        assertThat(getStatuses()).containsExactly(status);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void notFound_saysSo(Mode mode) throws Exception {
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/nothing-here"))
                    .isInstanceOf(ImdsStatusException.class)
                    .hasMessage("GET /latest/meta-data/nothing-here at " + emulator.endpoint()
                            + ": 404 Not Found after 1 attempt; there is no metadata at this path");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void imdsTurnedOff_403WithHint(Mode mode) throws Exception {
        emulator.httpEndpoint(false);
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsStatusException.class,
                            e -> assertThat(e.path()).isEqualTo("/latest/api/token"))
                    .hasMessageContaining("403 Forbidden")
                    .hasMessageContaining("--http-endpoint enabled");
        }
        assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closedConnection_retriedThenSucceeds(Mode mode) throws Exception {
        try (ImdsClient imds = client().build()) {
            mode.get(imds, AMI);
            emulator.addFault(Fault.closeConnection().onMethod("GET").times(2));

            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(getStatuses()).containsExactly(200, 0, 0, 200);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closedConnection_always_connectionExceptionAfterMaxAttempts(Mode mode) throws Exception {
        try (ImdsClient imds = client().build()) {
            mode.get(imds, AMI);
            emulator.addFault(Fault.closeConnection().onMethod("GET").always());

            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(ATTEMPTS))
                    .hasMessageContaining("connection closed before a response");
        }
        // Every request sent is an attempt, the first one on the kept-alive connection included.
        assertThat(getStatuses()).hasSize(1 + ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void truncatedBody_retriedThenSucceeds(Mode mode) throws Exception {
        emulator.addFault(Fault.truncateBody().onMethod("GET").times(ATTEMPTS - 1));
        try (ImdsClient imds = client().build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(getStatuses()).hasSize(ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void truncatedBody_always_connectionException(Mode mode) throws Exception {
        emulator.addFault(Fault.truncateBody().onMethod("GET").always());
        try (ImdsClient imds = client().build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsConnectionException.class)
                    .hasMessageContaining("closed before the response was complete");
        }
        assertThat(getStatuses()).hasSize(ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void stallPastReadTimeout_retriedThenTimeoutException(Mode mode) throws Exception {
        emulator.addFault(Fault.stall().onMethod("GET").always());
        try (ImdsClient imds = client().readTimeout(Duration.ofMillis(200)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsTimeoutException.class,
                            e -> assertThat(e.attempts()).isEqualTo(ATTEMPTS))
                    .hasMessageContaining("read timeout 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(800))
                    .isLessThan(Duration.ofSeconds(5));
        }
        assertThat(getStatuses()).hasSize(ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void stallOnce_retriedThenSucceeds(Mode mode) throws Exception {
        emulator.addFault(Fault.stall().onMethod("GET"));
        try (ImdsClient imds = client().readTimeout(Duration.ofMillis(200)).build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(getStatuses()).containsExactly(0, 200);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void operationTimeout_boundsTheWholeCall(Mode mode) throws Exception {
        emulator.addFault(Fault.stall().onMethod("GET").always());
        try (ImdsClient imds = client().maxAttempts(20).readTimeout(Duration.ofMillis(300))
                .operationTimeout(Duration.ofMillis(700)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("operation timeout of 700 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(600))
                    .isLessThan(Duration.ofMillis(2000));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenPutDrop_hopLimitHintWithinReadTimeout_noRetry(Mode mode) throws Exception {
        emulator.addFault(Fault.tokenPutDrop());
        try (ImdsClient imds = client().readTimeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsTimeoutException.class, e -> {
                        assertThat(e.path()).isEqualTo("/latest/api/token");
                        assertThat(e.method()).isEqualTo("PUT");
                    })
                    .hasMessageContaining("hop limit")
                    .hasMessageContaining("--http-put-response-hop-limit 2");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(1500));
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(getStatuses()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenPutServerErrors_retriedLikeGets(Mode mode) throws Exception {
        emulator.addFault(Fault.status(503).onTokenPut().times(ATTEMPTS - 1));
        try (ImdsClient imds = client().build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo(AMI_VALUE);
        }
        assertThat(emulator.tokenRequestCount()).isEqualTo(ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectRefused_failsAtOnceWithNotOnEc2Hint(Mode mode) throws Exception {
        int port = closedPort();
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:" + port)
                .maxAttempts(ATTEMPTS).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(1))
                    .hasMessageContaining("cannot connect")
                    .hasMessageContaining("may not be on EC2")
                    .hasMessageContaining("AWS_EC2_METADATA_DISABLED=true");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectRefused_retriedWhenAsked(Mode mode) throws Exception {
        int port = closedPort();
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:" + port)
                .maxAttempts(3).connectRetry(ConnectRetry.ALWAYS)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(3));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void redirect_notFollowed(Mode mode) throws Exception {
        for (int status : new int[] {301, 302, 307, 308}) {
            try (ScriptedServer target = new ScriptedServer(ScriptedServer.imds("elsewhere"));
                    ScriptedServer server = new ScriptedServer((i, r, out) -> {
                        if (r.method().equals("PUT")) {
                            ScriptedServer.respond(out, 200, "tok",
                                    "X-aws-ec2-metadata-token-ttl-seconds: 60");
                        } else {
                            ScriptedServer.respond(out, status, "",
                                    "Location: " + target.endpoint() + r.target());
                        }
                        return true;
                    });
                    ImdsClient imds = Patient.client(server.endpoint()).build()) {
                assertThatThrownBy(() -> mode.get(imds, AMI))
                        .isInstanceOfSatisfying(ImdsStatusException.class,
                                e -> assertThat(e.status()).isEqualTo(status))
                        .hasMessageContaining("redirect not followed");
                assertThat(server.requests()).hasSize(2);
                assertThat(target.connections()).isZero();
            }
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
