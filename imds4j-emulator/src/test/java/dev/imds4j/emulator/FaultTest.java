/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

final class FaultTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String TTL = "X-aws-ec2-metadata-token-ttl-seconds";

    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();

    /** The token first: the faults below would otherwise hit its PUT. */
    @BeforeEach
    void fetchTheToken() throws IOException {
        imds.token();
    }

    private int status(String path) throws IOException {
        return RawHttp.get(imds.endpoint(), path, imds.token()).status();
    }

    @Test
    void status_appliesCountTimesThenNormal() throws IOException {
        imds.emulator().addFault(Fault.status(503).times(2));

        assertThat(List.of(status(AMI), status(AMI), status(AMI))).containsExactly(503, 503, 200);
        RawHttp.Response r = RawHttp.get(imds.endpoint(), AMI, imds.token());
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void status_narrowedByMethodAndPathPrefix() throws IOException {
        imds.emulator().addFault(Fault.status(500).onMethod("get").onPath("/latest/meta-data/*")
                .always());

        assertThat(status(AMI)).isEqualTo(500);
        assertThat(status("/latest/meta-data/placement/region")).isEqualTo(500);
        assertThat(status("/latest/user-data")).isEqualTo(200);
        assertThat(RawHttp.token(imds.endpoint(), 60)).isNotEmpty();
        assertThat(status(AMI)).isEqualTo(500);
    }

    @Test
    void status_bodyIsTheHtmlErrorPage() throws IOException {
        imds.emulator().addFault(Fault.status(429));

        RawHttp.Response r = RawHttp.get(imds.endpoint(), AMI, imds.token());
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.text()).contains("429 - Too Many Requests");
        // a fault is exactly the status asked for; only the throttle adds Retry-After
        assertThat(r.header("Retry-After")).isNull();
    }

    @Test
    void faults_consumedFirstMatchFirst() throws IOException {
        imds.emulator().addFault(Fault.status(500).onPath(AMI)).addFault(Fault.status(503));

        assertThat(status("/latest/user-data")).isEqualTo(503);
        assertThat(status(AMI)).isEqualTo(500);
        assertThat(status(AMI)).isEqualTo(200);
    }

    @Test
    void latency_delaysTheNormalAnswer() throws IOException {
        imds.emulator().addFault(Fault.latency(Duration.ofMillis(300)));

        long start = System.nanoTime();
        RawHttp.Response r = RawHttp.get(imds.endpoint(), AMI, imds.token());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).startsWith("ami-");
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300);
    }

    @Test
    void closeConnection_noStatusLine_andNoEffect() throws IOException, InterruptedException {
        imds.emulator().addFault(Fault.closeConnection().onTokenPut());

        RawHttp.Response r = RawHttp.once(imds.endpoint(), "PUT", ImdsEmulator.TOKEN_PATH,
                TTL, "60");
        assertThat(r.outcome()).isEqualTo(RawHttp.Outcome.CLOSED_BEFORE_STATUS);
        imds.emulator().takeRequest(); // the fixture's token
        RecordedRequest put = imds.emulator().takeRequest();
        assertThat(put.status()).isZero();
        assertThat(put.fault()).isNotNull();
    }

    @Test
    void truncateBody_fullLengthDeclaredHalfSent() throws IOException {
        String document = "/latest/dynamic/instance-identity/document";
        imds.emulator().addFault(Fault.truncateBody().onPath(document));

        RawHttp.Response r = RawHttp.get(imds.endpoint(), document, imds.token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.outcome()).isEqualTo(RawHttp.Outcome.TRUNCATED);
        int declared = Integer.parseInt(r.header("Content-Length"));
        assertThat(r.body()).hasSize(declared / 2);
    }

    @Test
    void stall_noAnswerUntilReset() throws IOException {
        imds.emulator().addFault(Fault.stall().onPath(AMI));

        try (RawHttp http = new RawHttp(imds.endpoint(), Duration.ofMillis(300))) {
            RawHttp.Response r = http.send("GET", AMI, "X-aws-ec2-metadata-token", imds.token());
            assertThat(r.outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
            imds.emulator().reset();
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void stall_releasedOnClose() throws Exception {
        imds.emulator().addFault(Fault.stall().always());
        CompletableFuture<RawHttp.Response> pending = CompletableFuture.supplyAsync(() -> {
            try (RawHttp http = new RawHttp(imds.endpoint(), Duration.ofSeconds(20))) {
                return http.send("GET", AMI, "X-aws-ec2-metadata-token", imds.token());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        imds.emulator().takeRequest();
        imds.emulator().takeRequest();

        imds.emulator().close();
        assertThat(pending.get(10, TimeUnit.SECONDS).outcome())
                .as("the stalled GET, within 10 s of the close")
                .isEqualTo(RawHttp.Outcome.CLOSED_BEFORE_STATUS);
    }

    @Test
    void tokenPutDrop_putsUnansweredGetsUnaffected() throws IOException {
        imds.emulator().addFault(Fault.tokenPutDrop());

        try (RawHttp http = new RawHttp(imds.endpoint(), Duration.ofMillis(300))) {
            RawHttp.Response r = http.send("PUT", ImdsEmulator.TOKEN_PATH, TTL, "60");
            assertThat(r.outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
        }
        try (RawHttp http = new RawHttp(imds.endpoint(), Duration.ofMillis(300))) {
            assertThat(http.send("PUT", ImdsEmulator.TOKEN_PATH, TTL, "60").outcome())
                    .isEqualTo(RawHttp.Outcome.TIMED_OUT);
        }
        assertThat(status(AMI)).isEqualTo(200);
    }

    @Test
    void throttle_count_isThe429ModeAtThatRate_burstAnswered() throws IOException {
        imds.emulator().throttle(3);

        assertThat(imds.emulator().throttling().mode()).isEqualTo(Throttling.Mode.STATUS_429);
        assertThat(imds.emulator().throttling().perSecond()).isEqualTo(3);
        // The bucket starts full: the first three pass whatever the timing. What lies beyond
        // the rate is checked on the gate with an injected ticker (ThrottleTest).
        for (int i = 0; i < 3; i++) {
            assertThat(status(AMI)).isEqualTo(200);
        }
        imds.emulator().throttle(0);
        assertThat(imds.emulator().throttling().isOff()).isTrue();
        assertThat(status(AMI)).isEqualTo(200);
    }

    @Test
    void probability_appliesToAFractionOfMatchingRequests() throws IOException {
        imds.emulator().addFault(Fault.status(503).onPath(AMI).times(1000).probability(0.5));

        int faulted = 0;
        try (RawHttp http = new RawHttp(imds.endpoint(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 400; i++) {
                RawHttp.Response r = http.send("GET", AMI, "X-aws-ec2-metadata-token",
                        imds.token());
                if (r.status() == 503) {
                    faulted++;
                }
            }
        }
        // binomial(400, 0.5): mean 200, standard deviation 10; outside 120..280 is ~1e-15
        assertThat(faulted).isBetween(120, 280);
        assertThat(Fault.status(500).probability(0.25))
                .hasToString("status 500 on any method any path x1 p=0.25");
    }

    @Test
    void fault_invalidArguments_rejectedNamingThem() {
        assertThatThrownBy(() -> Fault.status(99)).hasMessageContaining("99");
        assertThatThrownBy(() -> Fault.status(600)).hasMessageContaining("600");
        assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(-1)))
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> Fault.stall().times(0)).hasMessageContaining("count");
        assertThatThrownBy(() -> Fault.stall().onPath("x")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> Fault.stall().onMethod(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> Fault.stall().probability(0)).hasMessageContaining("fraction");
        assertThatThrownBy(() -> Fault.stall().probability(1.5)).hasMessageContaining("1.5");
    }

    @Test
    void fault_describesItself() {
        assertThat(Fault.status(503).onMethod("GET").onPath("/latest/*").times(2))
                .hasToString("status 503 on GET /latest/* x2");
        assertThat(Fault.tokenPutDrop()).hasToString("stall on PUT /latest/api/token always");
        assertThat(Fault.latency(Duration.ofMillis(20)))
                .hasToString("latency 20ms on any method any path x1");
    }
}
