/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.issues;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.Await;
import dev.imds4j.CapturingLogger;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConfigurationException;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.InstanceCredentials;
import dev.imds4j.Mode;
import dev.imds4j.Patient;
import dev.imds4j.ScriptedServer;
import dev.imds4j.SensitiveString;
import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10: the client holds under throttling, bursts and hostile servers. Each test is a case
 * found against independent servers and failed before the fix. The byte-level cases run against
 * scripted raw-socket servers, which count connections as the server sees them.
 */
@Timeout(120)
final class Issue10Test {
    private static final String TOKEN_TTL = "X-aws-ec2-metadata-token-ttl-seconds: 21600";

    /** Answers a token, then each GET with its own path's last segment, on a kept-alive line. */
    private static boolean echo(int i, ScriptedServer.Request r, OutputStream out)
            throws IOException {
        if (r.method().equals("PUT")) {
            ScriptedServer.respond(out, 200, "token", TOKEN_TTL);
        } else {
            ScriptedServer.respond(out, 200, last(r.target()));
        }
        return true;
    }

    private static String last(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    private static void raw(OutputStream out, String bytes) throws IOException {
        out.write(bytes.getBytes(ISO_8859_1));
        out.flush();
    }

    // ---- throttling and bursts ------------------------------------------------------------------

    /**
     * Python's ThreadingHTTPServer, as IMDS stand-ins use it: HTTP/1.0, one request per
     * connection, an accept queue of 5. Past the queue the kernel drops connection attempts and
     * the client retries them a second later: a client that opens one socket per caller loses
     * calls to connect timeouts.
     */
    @Test
    void burst_256ColdCallers_backlog5Server_allSucceed_neverAboveTheBound() throws Exception {
        ScriptedServer.Script http10 = (i, r, out) -> {
            String body = r.method().equals("PUT") ? "token" : last(r.target());
            raw(out, "HTTP/1.0 200 OK\r\n" + (r.method().equals("PUT") ? TOKEN_TTL + "\r\n" : "")
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            return false;
        };
        int callers = 256;
        try (ScriptedServer server = new ScriptedServer(http10, 5, 5)) {
            for (int round = 0; round < 3; round++) {
                List<String> failures = new ArrayList<>();
                try (ImdsClient imds = Patient.client(server.endpoint()).build()) {
                    ExecutorService pool = Executors.newFixedThreadPool(callers);
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<String>> results = new ArrayList<>();
                    for (int c = 0; c < callers; c++) {
                        String key = "k" + (c % 16);
                        results.add(pool.submit(() -> {
                            start.await();
                            return imds.get("/latest/meta-data/tags/instance/" + key).reveal();
                        }));
                    }
                    start.countDown();
                    for (int c = 0; c < callers; c++) {
                        try {
                            String v = results.get(c).get(60, TimeUnit.SECONDS);
                            if (!v.equals("k" + (c % 16))) {
                                failures.add("caller " + c + " got " + v);
                            }
                        } catch (ExecutionException e) {
                            failures.add("caller " + c + ": " + e.getCause());
                        }
                    }
                    pool.shutdownNow();
                }
                assertThat(failures).as("round " + round).isEmpty();
            }
            assertThat(server.peakConnections()).as("connections open at once, server side")
                    .isBetween(1, 8);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfter_isHonoured_andHoldsBackEveryCaller(Mode mode) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TOKEN_TTL);
            } else if (i == 1) {
                ScriptedServer.respond(out, 429, "", "Retry-After: 1");
            } else {
                ScriptedServer.respond(out, 200, last(r.target()));
            }
            return true;
        };
        CapturingLogger log = new CapturingLogger();
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).logger(log)
                        .build()) {
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return mode.get(imds, "/latest/meta-data/a").reveal();
                } catch (ImdsException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until("the client to take the 429 in", () -> log.lines.stream()
                    .anyMatch(l -> l.contains("-> 429 (attempt 1") && l.endsWith("Retry-After 1")));
            String second = mode.get(imds, "/latest/meta-data/b").reveal();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(second).isEqualTo("b");
            long throttledAt = server.requests().get(1).arrivedNanos();
            for (ScriptedServer.Request later : server.requests().subList(2, 4)) {
                assertThat(later.arrivedNanos() - throttledAt).as(later.target() + " waited")
                        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void retryAfter_beyondTheDeadline_failsAtOnce(Mode mode) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TOKEN_TTL);
            } else {
                ScriptedServer.respond(out, 429, "", "Retry-After: 60");
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint())
                        .operationTimeout(Duration.ofSeconds(20)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/a"))
                    .isInstanceOfSatisfying(ImdsStatusException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.attempts()).isEqualTo(1);
                    })
                    .hasMessageContaining("Retry-After")
                    .hasMessageContaining("beyond the operation timeout of 20000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for nothing")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectRefused_afterIMDSAnswered_isRetried(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(Issue10Test::echo);
                ImdsClient imds = Patient.client(server.endpoint())
                        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            assertThat(mode.get(imds, "/latest/meta-data/a").reveal()).isEqualTo("a");
            server.stopListening();
            server.dropConnections();

            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/a"))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(4))
                    .hasMessageContaining("IMDS answered before");
        }
    }

    // ---- wrong values and bad responses ---------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void bytesAfterTheBody_neverReachTheNextRequest(Mode mode) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                raw(out, "HTTP/1.1 200 OK\r\n" + TOKEN_TTL + "\r\nContent-Length: 5\r\n\r\n"
                        + "tokenHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nwrong");
            } else {
                String v = last(r.target());
                raw(out, "HTTP/1.1 200 OK\r\nContent-Length: " + v.length() + "\r\n\r\n" + v
                        + "EXTRA");
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            for (String path : new String[] {"a", "b", "c", "a", "b"}) {
                assertThat(mode.get(imds, "/latest/meta-data/" + path).reveal()).isEqualTo(path);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void strayCrlfAfterEachResponse_everyRequestSucceeds(Mode mode) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            echo(i, r, out);
            raw(out, "\r\n");
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint())
                        .maxAttempts(1).build()) {
            for (int n = 0; n < 10; n++) {
                assertThat(mode.get(imds, "/latest/meta-data/v" + n).reveal()).isEqualTo("v" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unsolicited408OnAnIdleConnection_isNotTheNextAnswer(Mode mode) throws Exception {
        AtomicBoolean pushed = new AtomicBoolean();
        ScriptedServer.Script script = (i, r, out) -> {
            echo(i, r, out);
            if (r.method().equals("GET")) {
                raw(out, "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                        + "Content-Length: 0\r\n\r\n");
                pushed.set(true);
                return false;
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint())
                        .maxAttempts(1).build()) {
            assertThat(mode.get(imds, "/latest/meta-data/a").reveal()).isEqualTo("a");
            // the server closes once the 408 is written: its bytes are then on the client's side
            Await.until("the pushed 408 and the server's close", () -> pushed.get()
                    && server.openConnections() == 0);

            assertThat(mode.get(imds, "/latest/meta-data/b").reveal()).isEqualTo("b");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain"})
    void cutOffInsideTheHeaders_isATruncation(String head) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TOKEN_TTL);
                return true;
            }
            raw(out, head);
            return false;
        };
        for (Mode mode : Mode.values()) {
            try (ScriptedServer server = new ScriptedServer(script);
                    ImdsClient imds = Patient.client(server.endpoint())
                            .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
                assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/a"))
                        .isInstanceOfSatisfying(ImdsConnectionException.class,
                                e -> assertThat(e.attempts()).isEqualTo(4))
                        .hasMessageContaining("closed before the response was complete");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void staleKeptAliveConnection_resendIsAnAttempt_andTraced(Mode mode) throws Exception {
        // the server reads the third request (the second GET) and closes without an answer
        ScriptedServer.Script script = (i, r, out) -> i != 2 && echo(i, r, out);
        CapturingLogger log = new CapturingLogger();
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).logger(log)
                        .build()) {
            assertThat(mode.get(imds, "/latest/meta-data/a").reveal()).isEqualTo("a");
            assertThat(mode.get(imds, "/latest/meta-data/b").reveal()).isEqualTo("b");

            assertThat(server.requests()).hasSize(4);
            assertThat(log.lines).anyMatch(l -> l.startsWith("DEBUG GET /latest/meta-data/b -> "
                    + "STALE (attempt 1,") && l.endsWith("sending it again"))
                    .anyMatch(l -> l.startsWith(
                            "DEBUG GET /latest/meta-data/b -> 200 (attempt 2,"));
        }
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).maxAttempts(1)
                        .build()) {
            mode.get(imds, "/latest/meta-data/a");
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/b"))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(1))
                    .hasMessageContaining("kept-alive connection had been closed by the server");
        }
    }

    @Test
    void idleConnections_atMostFour_andTheDeadOnesClosedWhenFound() throws Exception {
        ScriptedServer.Script slow = (i, r, out) -> {
            if (r.method().equals("GET")) {
                try {
                    Thread.sleep(200); // keeps eight requests in flight at once
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return echo(i, r, out);
        };
        try (ScriptedServer server = new ScriptedServer(slow);
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            imds.get("/latest/meta-data/warm");
            List<CompletableFuture<SensitiveString>> burst = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int n = 0; n < 8; n++) {
                String path = "/latest/meta-data/p" + n;
                burst.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return imds.get(path);
                    } catch (ImdsException e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(burst.toArray(new CompletableFuture<?>[0]))
                    .get(30, TimeUnit.SECONDS);
            pool.shutdownNow();
            assertThat(server.peakConnections()).isEqualTo(8);
            Await.until("the client to close what it does not keep",
                    () -> server.openConnections() <= 4);

            server.dropConnections(); // the server goes away: the idle ones are dead
            assertThat(imds.get("/latest/meta-data/after").reveal()).isEqualTo("after");
            Await.until("the dead idle connections to be closed client side",
                    () -> server.openConnections() <= 1);
        }
    }

    // ---- async and shared work ------------------------------------------------------------------

    @Test
    void credentialsAsync_onAOneThreadExecutor_neverWaitsForItself() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint())
                        .executor(one).build()) {
            ImdsCredentialsProvider provider = ImdsCredentialsProvider.create(imds);
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                calls.add(provider.credentialsAsync());
            }
            calls.add(imds.getAsync("/latest/meta-data/instance-id"));

            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                    .get(20, TimeUnit.SECONDS);
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void cancellingOneCaller_doesNotFailTheTokenFetchItShares() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            emulator.addFault(Fault.latency(Duration.ofMillis(300)).onTokenPut());
            CompletableFuture<SensitiveString> cancelled =
                    imds.getAsync("/latest/meta-data/ami-id");
            List<CompletableFuture<SensitiveString>> others = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                others.add(imds.getAsync("/latest/meta-data/instance-id"));
            }
            assertThat(cancelled.cancel(true)).isTrue();

            for (CompletableFuture<SensitiveString> f : others) {
                assertThat(f.get(20, TimeUnit.SECONDS).reveal()).startsWith("i-");
            }
            assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void iamRoleChange_keepsTheExtendedApi_andTheAccountId(Mode mode) throws Exception {
        ManualClock clock = ManualClock.startingAt(Instant.now());
        String md = "/latest/meta-data/iam/";
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).start();
                ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            ImdsCredentialsProvider provider = ImdsCredentialsProvider.builder(imds).clock(clock)
                    .build();
            InstanceCredentials before = get(mode, provider);
            assertThat(before.accountId()).isEqualTo("123456789012");
            String oldRole = before.roleName();

            emulator.remove(md + "security-credentials/" + oldRole);
            emulator.remove(md + "security-credentials-extended/" + oldRole);
            String expires = clock.instant().plus(Duration.ofHours(6)).toString();
            String json = "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\","
                    + "\"AccessKeyId\":\"ASIANEW\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                    + "\"Expiration\":\"" + expires + "\",\"LastUpdated\":\"" + clock.instant()
                    + "\"";
            emulator.put(md + "security-credentials/new-role", json + "}");
            emulator.put(md + "security-credentials-extended/new-role",
                    json + ",\"AccountId\":\"123456789012\"}");
            clock.advance(Duration.ofHours(7));

            InstanceCredentials after = get(mode, provider);
            assertThat(after.roleName()).isEqualTo("new-role");
            assertThat(after.accessKeyId()).isEqualTo("ASIANEW");
            assertThat(after.accountId()).isEqualTo("123456789012");
        }
    }

    private static InstanceCredentials get(Mode mode, ImdsCredentialsProvider p)
            throws Exception {
        return mode == Mode.SYNC ? p.credentials()
                : p.credentialsAsync().get(20, TimeUnit.SECONDS);
    }

    // ---- input that must be refused ----------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1/x\u010d\u010aX-Injected:\u0120yes",
        "http://127.0.0.1:1/caf\u00e9", "http://127.0.0.1:1/a\tb", "http://127.0.0.1:0",
        "http://127.0.0.1:65536", "http://[::1%25lo]:1", "http://[fe80::1%eth0]"})
    void endpoint_nonAsciiControlBadPortOrZone_refusedAtBuild(String endpoint) {
        assertThatThrownBy(() -> ImdsClient.builder().endpoint(endpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint: invalid value")
                .hasMessageNotContaining("\r").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ImdsClient.builder().environment(Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint)).build())
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("environment variable AWS_EC2_METADATA_SERVICE_ENDPOINT");
    }

    @Test
    void endpoint_passwordWithAt_neverShownInPart() {
        assertThatThrownBy(() -> ImdsClient.builder().environment(Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://admin:p@ss@127.0.0.1:1")).build())
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("http://<redacted>@127.0.0.1:1")
                .hasMessageNotContaining("ss@").hasMessageNotContaining("admin");
    }

    @Test
    void path_loneSurrogate_refused() throws Exception {
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:9").build()) {
            assertThatThrownBy(() -> imds.get("/latest/meta-data/\ud800x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
            assertThatThrownBy(() -> imds.getAsync("/latest/meta-data/x\udc00"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0001", "0.0009", "0", "3600.5"})
    void timeoutVariable_outsideTheBuilderRange_refusedNamingTheSource(String value) {
        assertThatThrownBy(() -> ImdsClient.builder().environment(Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9",
                "AWS_METADATA_SERVICE_TIMEOUT", value)).build())
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("environment variable AWS_METADATA_SERVICE_TIMEOUT")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void brokenProfileNotInUse_doesNotFailTheBuild(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config");
        Files.writeString(config, "[profile other]\nthis line is broken\nkey: value\n"
                + "[default]\nmetadata_service_num_attempts: 2\n");
        try (ImdsClient imds = ImdsClient.builder().environment(Map.of(
                "AWS_CONFIG_FILE", config.toString(),
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")).build()) {
            assertThat(imds.config().maxAttempts().value()).isEqualTo(2);
        }
        assertThatThrownBy(() -> ImdsClient.builder().profile("other").environment(Map.of(
                "AWS_CONFIG_FILE", config.toString())).build())
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("line 2");
    }
}
