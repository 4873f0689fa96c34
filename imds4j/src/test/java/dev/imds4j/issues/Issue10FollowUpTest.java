/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.issues;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.Await;
import dev.imds4j.ConfigReport;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsConfigurationException;
import dev.imds4j.ImdsConnectionException;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsException;
import dev.imds4j.ImdsStatusException;
import dev.imds4j.ImdsTimeoutException;
import dev.imds4j.InstanceCredentials;
import dev.imds4j.Mode;
import dev.imds4j.Patient;
import dev.imds4j.ScriptedServer;
import dev.imds4j.TestTls;
import dev.imds4j.emulator.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, second round: what an independent tester found in the hardened client. Each test
 * failed before its fix.
 */
@Timeout(120)
final class Issue10FollowUpTest {
    private static final String TTL = "X-aws-ec2-metadata-token-ttl-seconds: 21600";

    private static void raw(OutputStream out, String bytes) throws IOException {
        out.write(bytes.getBytes(ISO_8859_1));
        out.flush();
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /**
     * Each answer fills the client's 8 KiB read buffer exactly, and the same write carries a
     * second, unsolicited answer: the client's buffer holds nothing extra, but the socket does.
     * A connection handed straight to a waiting caller must be checked as an idle one is.
     */
    @Test
    void handover_toAWaitingCaller_checksForUnreadBytes() throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            String head = "HTTP/1.1 200 OK\r\nContent-Length: ";
            String value = "right-value";
            int fill = 8192 - head.length() - 4 - 4 - value.length();
            String body = value + "x".repeat(fill);
            raw(out, head + body.length() + "\r\n\r\n" + body
                    + "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nWRONG-VALUE");
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint())
                        .maxConnections(1).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<String>> calls = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                calls.add(pool.submit(() -> imds.get("/latest/meta-data/x").reveal()));
            }
            int wrong = 0;
            for (Future<String> f : calls) {
                wrong += f.get(60, TimeUnit.SECONDS).startsWith("right-value") ? 0 : 1;
            }
            pool.shutdownNow();
            assertThat(wrong).as("wrong values").isZero();
        }
    }

    @Test
    void https_pushedWhileIdle_isNotTheNextAnswer(@TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        AtomicInteger pushed = new AtomicInteger();
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            ScriptedServer.respond(out, 200, "right-value");
            pause(50);
            raw(out, "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nWRONG-VALUE");
            pushed.incrementAndGet();
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script, tls.server);
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                        .sslSocketFactory(tls.client.getSocketFactory())
                        .readTimeout(Duration.ofSeconds(10)).build()) {
            for (int n = 1; n <= 4; n++) {
                assertThat(imds.get("/latest/meta-data/x").reveal()).isEqualTo("right-value");
                int expected = n;
                Await.until("push " + n, () -> pushed.get() >= expected);
                Thread.sleep(100); // lets the pushed bytes cross loopback
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void https_handshakeDrippedByteByByte_endsAtTheConnectTimeout(Mode mode, @TempDir Path dir)
            throws Exception {
        TestTls tls = TestTls.create(dir);
        // answers the ClientHello with a TLS record header, then drips the rest
        try (DripServer server = new DripServer(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00},
                500);
                ImdsClient imds = ImdsClient.builder().endpoint("https://127.0.0.1:"
                        + server.port()).sslSocketFactory(tls.client.getSocketFactory())
                        .connectTimeout(Duration.ofSeconds(1))
                        .operationTimeout(Duration.ofSeconds(3)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/x"))
                    .isInstanceOf(ImdsConnectionException.class)
                    .hasMessageContaining("TLS handshake did not finish within");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    /**
     * A proxy drips the server's TLS bytes once the token exchange is done, so that one TLS
     * record takes longer than any deadline while bytes keep coming: each read the TLS layer
     * makes succeeds, and only a watchdog at the deadline ends the call.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void https_recordDrippedByteByByte_endsAtTheDeadline(Mode mode, @TempDir Path dir)
            throws Exception {
        TestTls tls = TestTls.create(dir);
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            ScriptedServer.respond(out, 200, "a value long enough to span many dripped bytes");
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script, tls.server);
                DripProxy proxy = new DripProxy(server.endpoint().getPort(), 200);
                ImdsClient imds = ImdsClient.builder()
                        .endpoint("https://127.0.0.1:" + proxy.port())
                        .sslSocketFactory(tls.client.getSocketFactory()).maxAttempts(1)
                        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(2))
                        .operationTimeout(Duration.ofSeconds(30)).build()) {
            imds.get("/latest/meta-data/warm"); // handshake and token at full speed
            proxy.drip();
            long start = System.nanoTime();
            assertThatThrownBy(() -> mode.get(imds, "/latest/meta-data/x"))
                    .isInstanceOf(ImdsTimeoutException.class)
                    .hasMessageContaining("read timeout 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the read "
                    + "timeout, not by how long the drip lasts").isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void userInfo_neverInAMessageOrACause() {
        for (String endpoint : new String[] {"http://user:s3cret@127.0.0.1:9/a|b",
            "http://user:pa/s3cret@127.0.0.1:9", "http://user:pa?s3cret@127.0.0.1:9",
            "http://user:pa#s3cret@127.0.0.1:9", "http:user:s3cret@127.0.0.1:9"}) {
            Throwable t = catchAll(() -> ImdsClient.builder().endpoint(endpoint));
            Throwable e = catchAll(() -> ImdsClient.builder().environment(Map.of(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint)).build());
            for (Throwable thrown : new Throwable[] {t, e}) {
                assertThat(thrown).as(endpoint).isNotNull();
                for (Throwable c = thrown; c != null; c = c.getCause()) {
                    assertThat(String.valueOf(c.getMessage())).as(endpoint)
                            .doesNotContain("s3cret");
                }
            }
        }
    }

    private static Throwable catchAll(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"new role", "../../user-data", "a?b", "x/../y", "%2e%2e"})
    void badRoleName_fromIMDS_keepsServingTheCachedCredentials(String role) throws Exception {
        ManualClock clock = ManualClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));
        String creds = "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":"
                + "\"ASIAOLD\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                + "\"Expiration\":\"2026-03-01T16:00:00Z\"}";
        AtomicBoolean changed = new AtomicBoolean();
        String extended = "/latest/meta-data/iam/security-credentials-extended/";
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
            } else if (r.target().equals(extended)) {
                ScriptedServer.respond(out, 200, changed.get() ? role : "old-role");
            } else if (r.target().equals(extended + "old-role") && !changed.get()) {
                ScriptedServer.respond(out, 200, creds);
            } else {
                ScriptedServer.respond(out, 404, "");
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            ImdsCredentialsProvider p = ImdsCredentialsProvider.builder(imds).clock(clock)
                    .build();
            assertThat(p.credentials().accessKeyId()).isEqualTo("ASIAOLD");
            changed.set(true);
            clock.advance(Duration.ofHours(5).plusMinutes(58)); // inside the prefetch window

            assertThat(p.credentials().accessKeyId()).isEqualTo("ASIAOLD");
            assertThat(p.credentialsAsync().get(30, TimeUnit.SECONDS).accessKeyId())
                    .isEqualTo("ASIAOLD");
        }
    }

    @Test
    void tokenTimeoutAsTheOnlyCaller_sameExceptionSyncAndAsync() throws Exception {
        ScriptedServer.Script slowPut = (i, r, out) -> {
            pause(3_000);
            return false;
        };
        try (ScriptedServer server = new ScriptedServer(slowPut)) {
            ImdsException sync;
            ImdsException async;
            try (ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                    .readTimeout(Duration.ofSeconds(5))
                    .operationTimeout(Duration.ofMillis(500)).build()) {
                sync = (ImdsException) catchChecked(() -> imds.get("/latest/meta-data/x"));
            }
            try (ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                    .readTimeout(Duration.ofSeconds(5))
                    .operationTimeout(Duration.ofMillis(500)).build()) {
                async = (ImdsException) catchChecked(() -> {
                    try {
                        return imds.getAsync("/latest/meta-data/x").get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw (Exception) e.getCause();
                    }
                });
            }
            assertThat(async).isExactlyInstanceOf(sync.getClass());
            assertThat(async.method()).isEqualTo("PUT").isEqualTo(sync.method());
            assertThat(async.getMessage()).doesNotContain("another caller");
        }
    }

    /** A call that may throw anything checked. */
    private interface Checked {
        Object call() throws Exception;
    }

    private static Exception catchChecked(Checked c) {
        try {
            c.call();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tokenBodyCutOffMidway_isRetried_withoutTheHopLimitHint(Mode mode) throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT") && i == 0) {
                raw(out, "HTTP/1.1 200 OK\r\n" + TTL + "\r\nContent-Length: 50\r\n\r\ntok");
                pause(2_000); // the rest never comes in time
                return false;
            }
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
                return true;
            }
            ScriptedServer.respond(out, 200, "value");
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                        .readTimeout(Duration.ofMillis(500)).build()) {
            assertThat(mode.get(imds, "/latest/meta-data/x").reveal()).isEqualTo("value");
        }
    }

    @Test
    void statusWithoutAKnownReason_noDoubleSpace() throws Exception {
        ScriptedServer.Script script = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
            } else {
                raw(out, "HTTP/1.1 299 Whatever\r\nContent-Length: 0\r\n\r\n");
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> imds.get("/latest/meta-data/x"))
                    .isInstanceOf(ImdsStatusException.class)
                    .hasMessageContaining(": 299 after 1 attempt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/latest/%2e%2e/user-data", "/latest/.%2E/x", "/latest/%2e/x",
        "/latest/meta-data/%zz", "/latest/meta-data/%4"})
    void path_encodedDotSegmentsAndBadEscapes_refused(String path) throws Exception {
        try (ImdsClient imds = ImdsClient.builder().endpoint("http://127.0.0.1:9").build()) {
            assertThatThrownBy(() -> imds.get(path)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/../x", "http://127.0.0.1:9/a/./b",
        "http://127.0.0.1:9/%2e%2e/x"})
    void endpoint_dotSegmentsInThePrefix_refused(String endpoint) {
        assertThatThrownBy(() -> ImdsClient.builder().endpoint(endpoint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'.' or '..' segments");
    }

    @Test
    void configFile_withAByteOrderMark_failsLoudly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "\ufeff[default]\nec2_metadata_service_endpoint = "
                + "http://127.0.0.1:1111\n");
        assertThatThrownBy(() -> ImdsClient.builder().environment(Map.of("AWS_CONFIG_FILE",
                file.toString())).build())
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("byte order mark");
    }

    @Test
    void configFile_notARegularFile_isIgnoredWithANote(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        for (Path p : new Path[] {dir, fifo}) {
            ImdsClient.Builder b = ImdsClient.builder().environment(Map.of("AWS_CONFIG_FILE",
                    p.toString(), "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9"));
            try (ImdsClient imds = b.build()) {
                assertThat(imds.config().maxAttempts().value()).isEqualTo(4);
            }
            ConfigReport report = b.report();
            assertThat(report.notes()).anyMatch(n -> n.contains("is not a regular file"));
        }
    }

    @Test
    void configFile_settingsBeforeAnySection_noted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "metadata_service_num_attempts = 2\n[default]\n");
        ConfigReport report = ImdsClient.builder().environment(Map.of("AWS_CONFIG_FILE",
                file.toString())).report();
        assertThat(report.notes()).anyMatch(n -> n.contains("line 1")
                && n.contains("before any [section]"));
    }

    /**
     * A TCP proxy to a local port: client bytes pass at once; server bytes pass at once until
     * {@link #drip()}, then one every period.
     */
    private static final class DripProxy implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final long periodMillis;
        private volatile boolean dripping;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        DripProxy(int target, long periodMillis) throws IOException {
            this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            this.target = target;
            this.periodMillis = periodMillis;
            Thread acceptor = new Thread(this::accept, "drip-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void drip() {
            dripping = true;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, boolean mayDrip) {
            Thread t = new Thread(() -> {
                try {
                    byte[] b = new byte[8192];
                    for (int n = from.getInputStream().read(b); n >= 0;
                            n = from.getInputStream().read(b)) {
                        for (int k = 0; k < n; k++) {
                            if (mayDrip && dripping) {
                                to.getOutputStream().write(b[k]);
                                to.getOutputStream().flush();
                                Thread.sleep(periodMillis);
                            } else {
                                to.getOutputStream().write(b, k, n - k);
                                to.getOutputStream().flush();
                                break;
                            }
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // either side went away
                }
            }, "drip-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void path_asciiThatPathsMayNotHold_isPercentEncoded() throws Exception {
        ScriptedServer.Script echo = (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL);
            } else {
                ScriptedServer.respond(out, 200, r.target());
            }
            return true;
        };
        try (ScriptedServer server = new ScriptedServer(echo);
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint()).build()) {
            assertThat(imds.get("/latest/meta-data/tags/instance/a\"<>\\^`{|}[]b").reveal())
                    .isEqualTo("/latest/meta-data/tags/instance/"
                            + "a%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5Db");
        }
    }

    /** Accepts one connection at a time and drips {@code bytes}, one every period. */
    private static final class DripServer implements AutoCloseable {
        private final ServerSocket server;
        private final Thread thread;

        DripServer(byte[] bytes, long periodMillis) throws IOException {
            server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        for (byte b : bytes) {
                            s.getOutputStream().write(b);
                            s.getOutputStream().flush();
                            Thread.sleep(periodMillis);
                        }
                        Thread.sleep(60_000);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "drip-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            thread.interrupt();
        }
    }
}
