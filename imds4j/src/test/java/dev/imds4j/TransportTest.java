/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class TransportTest {
    private static final String AMI = "/latest/meta-data/ami-id";

    /** Every way a JVM or its environment can name a proxy, all pointing at a listener. */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void proxiesConfiguredEverywhere_noTrafficToTheProxy(Mode mode) throws Exception {
        String[] props = {"http.proxyHost", "http.proxyPort", "https.proxyHost", "https.proxyPort",
            "socksProxyHost", "socksProxyPort", "http.nonProxyHosts"};
        Map<String, String> saved = new java.util.HashMap<>();
        for (String p : props) {
            saved.put(p, System.getProperty(p));
        }
        ProxySelector savedSelector = ProxySelector.getDefault();
        AtomicInteger selectorCalls = new AtomicInteger();
        try (ServerSocket proxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                ImdsEmulator emulator = ImdsEmulator.start()) {
            proxy.setSoTimeout(1);
            String port = Integer.toString(proxy.getLocalPort());
            System.setProperty("http.proxyHost", "127.0.0.1");
            System.setProperty("http.proxyPort", port);
            System.setProperty("https.proxyHost", "127.0.0.1");
            System.setProperty("https.proxyPort", port);
            System.setProperty("socksProxyHost", "127.0.0.1");
            System.setProperty("socksProxyPort", port);
            System.setProperty("http.nonProxyHosts", "none");
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    selectorCalls.incrementAndGet();
                    return List.of(new Proxy(Proxy.Type.HTTP,
                            new InetSocketAddress("127.0.0.1", proxy.getLocalPort())));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                }
            });
            String proxyUrl = "http://127.0.0.1:" + port;
            try (ImdsClient imds = Patient.client(emulator.endpoint())
                    .environment(Map.of("HTTP_PROXY", proxyUrl, "http_proxy", proxyUrl,
                            "HTTPS_PROXY", proxyUrl, "ALL_PROXY", proxyUrl))
                    .build()) {
                assertThat(mode.get(imds, AMI).reveal()).startsWith("ami-");
            }
            assertThat(emulator.requestCount()).isEqualTo(2);
            assertThat(selectorCalls).hasValue(0);
            assertThatThrownBy(proxy::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        } finally {
            for (String p : props) {
                if (saved.get(p) == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, saved.get(p));
                }
            }
            ProxySelector.setDefault(savedSelector);
        }
    }

    @Test
    void requests_carryUserAgentAndHost() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            imds.get(AMI);
            RecordedRequest put = emulator.takeRequest();
            assertThat(put.header("User-Agent").orElseThrow())
                    .matches("imds4j/\\S+ java/" + System.getProperty("java.version"));
            assertThat(put.header("Host")).contains("127.0.0.1:" + emulator.port());
            assertThat(put.header("Content-Length")).contains("0");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connections_areReused(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(ScriptedServer.imds("v"));
                ImdsClient imds = Patient.client(server.endpoint()).build()) {
            for (int i = 0; i < 10; i++) {
                assertThat(mode.get(imds, AMI).reveal()).isEqualTo("v");
            }
            assertThat(server.requests()).hasSize(11);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void connectionClose_honoured(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer((i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "t", "X-aws-ec2-metadata-token-ttl-seconds: 60",
                        "Connection: close");
                return false;
            }
            ScriptedServer.respond(out, 200, "v", "Connection: close");
            return false;
        }); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            mode.get(imds, AMI);
            mode.get(imds, AMI);
            assertThat(server.connections()).isEqualTo(3);
            assertThat(server.requests()).hasSize(3);
        }
    }

    private static ScriptedServer.Script getAnswers(ScriptedServer.Script get) {
        return (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "t", "X-aws-ec2-metadata-token-ttl-seconds: 60");
                return true;
            }
            return get.answer(i, r, out);
        };
    }

    private static void raw(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(ISO_8859_1));
        out.flush();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chunkedBody_decoded(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(getAnswers((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nami-\r\n6;ext=1\r\n0abc12\r\n0\r\nTrailer: x\r\n\r\n");
            return true;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo("ami-0abc12");
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo("ami-0abc12");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closeDelimitedBody_readToEnd(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(getAnswers((i, r, out) -> {
            raw(out, "HTTP/1.0 200 OK\r\n\r\nami-legacy");
            return false;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThat(mode.get(imds, AMI).reveal()).isEqualTo("ami-legacy");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void declaredBodyOverLimit_refusedWithoutReading(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(getAnswers((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n");
            return true;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("Content-Length 104857600")
                    .hasMessageContaining("1048576-byte limit");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tooManyHeaders_refused(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(getAnswers((i, r, out) -> {
            StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int h = 0; h < 150; h++) {
                s.append("X-Filler-").append(h).append(": x\r\n");
            }
            raw(out, s.append("Content-Length: 1\r\n\r\nv").toString());
            return true;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("more than 100 headers");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void garbageStatusLine_malformed(Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(getAnswers((i, r, out) -> {
            raw(out, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
            return false;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class)
                    .hasMessageContaining("not an HTTP/1.x status line");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nonAsciiPath_percentEncodedUtf8(Mode mode) throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = Patient.client(emulator.endpoint()).build()) {
            emulator.put("/latest/meta-data/tags/instance/Zoë", "é");
            assertThat(mode.get(imds, "/latest/meta-data/tags/instance/Zoë").reveal())
                    .isEqualTo("é");
            emulator.takeRequest();
            assertThat(emulator.takeRequest().path())
                    .isEqualTo("/latest/meta-data/tags/instance/Zo%C3%AB");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void https_withTrustedCertificate(Mode mode, @TempDir Path dir) throws Exception {
        TestTls tls = TestTls.create(dir);
        try (ImdsEmulator emulator = ImdsEmulator.builder().tls(tls.server).start()) {
            assertThat(emulator.endpoint().getScheme()).isEqualTo("https");
            try (ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                    .sslSocketFactory(tls.client.getSocketFactory())
                    .readTimeout(Duration.ofSeconds(10)).build()) {
                assertThat(mode.get(imds, AMI).reveal()).startsWith("ami-");
            }
            try (ImdsClient untrusting = Patient.client(emulator.endpoint())
                    .build()) {
                assertThatThrownBy(() -> mode.get(untrusting, AMI))
                        .isInstanceOf(ImdsConnectionException.class)
                        .hasMessageContaining("TLS handshake failed");
            }
        }
    }

    @Test
    void close_closesEveryConnection() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            ImdsClient imds = Patient.client(emulator.endpoint()).build();
            imds.get(AMI);
            HttpTransport transport = imds.transport();
            assertThat(transport.openConnections()).isEqualTo(1);
            imds.close();
            assertThat(transport.openConnections()).isZero();
        }
    }
}
