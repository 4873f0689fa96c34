/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connection bound and the idle pool, seen from inside the client. */
@Timeout(60)
final class ConnectionPoolTest {
    private static final String TTL = "X-aws-ec2-metadata-token-ttl-seconds: 21600";

    /** Answers a token at once and each GET after {@code millis}, on kept-alive connections. */
    private static ScriptedServer.Script slow(long millis) {
        return (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            pause(millis);
            ScriptedServer.respond(out, 200, r.target().substring(r.target().lastIndexOf('/')
                    + 1));
            return true;
        };
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8})
    void manyCallers_neverMoreSocketsThanTheBound(int bound) throws Exception {
        try (ScriptedServer server = new ScriptedServer(slow(20));
                ImdsClient imds = Patient.client(server.endpoint())
                        .maxConnections(bound).operationTimeout(Duration.ofSeconds(30)).build()) {
            List<CompletableFuture<SensitiveString>> calls = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                calls.add(imds.getAsync("/latest/meta-data/k" + n));
            }
            // sync callers on threads of their own; what each got is checked here, not there
            List<CompletableFuture<String>> sync = new ArrayList<>();
            for (int n = 0; n < 16; n++) {
                String key = "s" + n;
                CompletableFuture<String> got = new CompletableFuture<>();
                new Thread(() -> {
                    try {
                        got.complete(imds.get("/latest/meta-data/" + key).reveal());
                    } catch (Throwable e) {
                        got.completeExceptionally(e);
                    }
                }, "sync-caller-" + n).start();
                sync.add(got);
            }
            for (int n = 0; n < calls.size(); n++) {
                assertThat(calls.get(n).get(30, TimeUnit.SECONDS).reveal()).isEqualTo("k" + n);
            }
            for (int n = 0; n < sync.size(); n++) {
                assertThat(sync.get(n).get(30, TimeUnit.SECONDS)).as("sync caller " + n)
                        .isEqualTo("s" + n);
            }

            assertThat(imds.transport().peakConnections()).isBetween(1, bound);
            assertThat(server.peakConnections()).isBetween(1, bound);
            assertThat(imds.transport().idleConnections())
                    .isLessThanOrEqualTo(Math.min(bound, HttpTransport.MAX_IDLE));
        }
    }

    @Test
    void noConnectionFreeBeforeTheDeadline_timesOutNamingTheBound() throws Exception {
        try (ScriptedServer server = new ScriptedServer(slow(3_000));
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                        .maxConnections(1).readTimeout(Duration.ofSeconds(10))
                        .operationTimeout(Duration.ofMillis(800)).build()) {
            // holds the one connection past the deadline of the call below
            Call longer = new Call(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            imds.getBytesAsync("/latest/meta-data/slow", longer);
            Await.until("the slow GET to reach the server", () -> server.requests().size() == 2);

            assertThatThrownBy(() -> imds.get("/latest/meta-data/other"))
                    .isInstanceOfSatisfying(ImdsTimeoutException.class,
                            e -> assertThat(e.attempts()).as("nothing was sent").isZero())
                    .hasMessageContaining("after 0 attempts")
                    .hasMessageContaining("no connection free in time (all 1 in use)");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void waitingCaller_getsTheConnectionHandedOver_noNewSocket() throws Exception {
        try (ScriptedServer server = new ScriptedServer(slow(100));
                ImdsClient imds = Patient.client(server.endpoint())
                        .maxConnections(1).build()) {
            List<CompletableFuture<SensitiveString>> calls = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                calls.add(imds.getAsync("/latest/meta-data/k" + n));
            }
            for (CompletableFuture<SensitiveString> f : calls) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void close_failsCallersWaitingForAConnection() throws Exception {
        ScriptedServer.Script stall = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            pause(30_000);
            return false;
        };
        try (ScriptedServer server = new ScriptedServer(stall)) {
            ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint()).maxConnections(1)
                    .readTimeout(Duration.ofSeconds(60)).operationTimeout(Duration.ofSeconds(60))
                    .build();
            CompletableFuture<SensitiveString> holder = imds.getAsync("/latest/meta-data/a");
            CompletableFuture<SensitiveString> waiter = imds.getAsync("/latest/meta-data/b");
            Await.until("the first GET to reach the server", () -> server.requests().size() == 2);
            imds.close();

            for (CompletableFuture<SensitiveString> f : List.of(holder, waiter)) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ImdsConnectionException.class)
                        .hasMessageContaining("the client was closed");
            }
            assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                    .hasMessageContaining("/latest/meta-data/b");
            assertThat(imds.transport().openConnections()).isZero();
        }
    }
}
