/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throttling as IMDS does it (requests held, or their connections dropped) and as HTTP rate
 * limiters do it (429). Rates are checked on the gate with an injected ticker; the HTTP tests
 * hold the one concurrency slot with a slow request, so their outcome does not depend on timing.
 */
@Timeout(60)
final class ThrottleTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final String SLOW = "/latest/meta-data/instance-id";
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong ticker = new AtomicLong();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    @RegisterExtension
    final EmulatorFixture imds = new EmulatorFixture();
    private ImdsEmulator emulator;
    private URI endpoint;
    private String token;

    @BeforeEach
    void start() throws IOException {
        emulator = imds.emulator();
        endpoint = imds.endpoint();
        token = imds.token();
    }

    @AfterEach
    void stopTestThreads() throws InterruptedException {
        emulator.close();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).as("test threads ended").isTrue();
    }

    @Test
    void gate_stall_queuesBeyondTheBurstAtTheRate() {
        ThrottleGate gate = new ThrottleGate(Throttling.stall(2), ticker::get);

        assertThat(gate.reserve(true)).isZero();
        assertThat(gate.reserve(true)).isZero();
        assertThat(gate.reserve(true)).isEqualTo(SECOND / 2);
        assertThat(gate.reserve(true)).isEqualTo(SECOND);
        ticker.addAndGet(SECOND / 4);
        assertThat(gate.reserve(true)).isEqualTo(SECOND + SECOND / 4);
    }

    @Test
    void gate_dropOr429_refusesBeyondTheBurst_andRefills() {
        ThrottleGate gate = new ThrottleGate(Throttling.drop(2), ticker::get);

        assertThat(gate.reserve(false)).isZero();
        assertThat(gate.reserve(false)).isZero();
        assertThat(gate.reserve(false)).isEqualTo(-1);
        ticker.addAndGet(SECOND / 2);
        assertThat(gate.reserve(false)).isZero();
        assertThat(gate.reserve(false)).isEqualTo(-1);
    }

    @Test
    void stall_holdsTheRequestUnansweredWhileTheSlotIsTaken() throws Exception {
        emulator.throttle(Throttling.stall(0).withMaxConcurrent(1));
        CompletableFuture<RawHttp.Response> slow = holdTheSlot();

        try (RawHttp http = new RawHttp(endpoint, Duration.ofMillis(500))) {
            RawHttp.Response held = http.send("GET", AMI, "X-aws-ec2-metadata-token", token);
            assertThat(held.outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
        }
        assertThat(slow).isNotDone();
    }

    @Test
    void stall_admitsTheHeldRequestWhenTheSlotFrees() throws Exception {
        emulator.throttle(Throttling.stall(0).withMaxConcurrent(1))
                .addFault(Fault.latency(Duration.ofMillis(300)).onPath(SLOW));
        CompletableFuture<RawHttp.Response> slow = request(SLOW);
        emulator.takeRequest(); // the token PUT
        assertThat(emulator.takeRequest().path()).isEqualTo(SLOW);

        RawHttp.Response held = RawHttp.get(endpoint, AMI, token);
        assertThat(held.status()).isEqualTo(200);
        assertThat(slow.get(10, TimeUnit.SECONDS).status()).as("the slow request").isEqualTo(200);
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .containsExactly(ImdsEmulator.TOKEN_PATH, SLOW, AMI);
    }

    @Test
    void stall_byRate_answersLate() throws IOException {
        emulator.throttle(Throttling.stall(1));
        long start = System.nanoTime();

        assertThat(RawHttp.get(endpoint, AMI, token).status()).isEqualTo(200);
        assertThat(RawHttp.get(endpoint, AMI, token).status()).isEqualTo(200);
        // The second token is due a second after the first was taken, which was after start.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SECOND * 9 / 10);
    }

    @Test
    void drop_closesTheConnectionWithNoAnswer_andJournalsIt() throws Exception {
        emulator.throttle(Throttling.drop(0).withMaxConcurrent(1));
        holdTheSlot();

        RawHttp.Response dropped = RawHttp.get(endpoint, AMI, token);
        assertThat(dropped.outcome()).isEqualTo(RawHttp.Outcome.CLOSED_BEFORE_STATUS);
        assertThat(emulator.requests()).last().satisfies(r -> {
            assertThat(r.path()).isEqualTo(AMI);
            assertThat(r.status()).isZero();
        });
    }

    @Test
    void status429_answersAtOnceWithTheHtmlPage() throws Exception {
        emulator.throttle(Throttling.status429(0).withMaxConcurrent(1));
        holdTheSlot();

        RawHttp.Response refused = RawHttp.get(endpoint, AMI, token);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text()).contains("429 - Too Many Requests");
        // RFC 6585 allows it; a client that honours it waits a second
        assertThat(refused.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void throttledRequests_consumeNoFault() throws Exception {
        emulator.throttle(Throttling.status429(0).withMaxConcurrent(1));
        holdTheSlot();
        emulator.addFault(Fault.status(503).onPath(AMI));

        assertThat(RawHttp.get(endpoint, AMI, token).status()).isEqualTo(429);
        emulator.throttle(Throttling.off());
        assertThat(RawHttp.get(endpoint, AMI, token).status()).isEqualTo(503);
    }

    @Test
    void reset_dropsHeldRequests_andRestoresTheBuildersThrottling() throws Exception {
        try (ImdsEmulator built = ImdsEmulator.builder()
                .throttle(Throttling.drop(0).withMaxConcurrent(3)).start()) {
            assertThat(built.throttling()).hasToString("drop beyond 3 at once");
            built.throttle(Throttling.stall(7));
            built.reset();
            assertThat(built.throttling()).hasToString("drop beyond 3 at once");
        }
        emulator.throttle(Throttling.stall(0).withMaxConcurrent(1));
        holdTheSlot();
        CompletableFuture<RawHttp.Response> held = request(AMI);
        long deadline = System.nanoTime() + 10 * SECOND;
        while (emulator.throttleHeld() == 0) {
            assertThat(System.nanoTime()).as("the second request reached the throttle in 10 s")
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
        emulator.reset();
        assertThat(held.get(10, TimeUnit.SECONDS).outcome())
                .isEqualTo(RawHttp.Outcome.CLOSED_BEFORE_STATUS);
        assertThat(emulator.throttling().isOff()).isTrue();
    }

    @Test
    void throttling_invalidArguments_rejectedNamingThem() {
        assertThatThrownBy(() -> Throttling.stall(-1)).hasMessageContaining("perSecond")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> Throttling.drop(1).withMaxConcurrent(-2))
                .hasMessageContaining("maxConcurrent").hasMessageContaining("-2");
        assertThat(Throttling.off()).hasToString("no throttling");
        assertThat(Throttling.status429(5)).hasToString("429 beyond 5/s");
    }

    /**
     * Sends a request the emulator holds for a long time (a stall fault inside the gate), and
     * waits until it holds the slot; the emulator's close releases it.
     */
    private CompletableFuture<RawHttp.Response> holdTheSlot() throws InterruptedException {
        emulator.addFault(Fault.stall().onPath(SLOW));
        CompletableFuture<RawHttp.Response> slow = request(SLOW);
        emulator.takeRequest(); // the token PUT
        assertThat(emulator.takeRequest().path()).as("the slot holder arrived").isEqualTo(SLOW);
        return slow;
    }

    private CompletableFuture<RawHttp.Response> request(String path) {
        return CompletableFuture.supplyAsync(() -> {
            try (RawHttp http = new RawHttp(endpoint, Duration.ofSeconds(20))) {
                return http.send("GET", path, "X-aws-ec2-metadata-token", token);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, pool);
    }
}
