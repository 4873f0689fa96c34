/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoints that misbehave beyond what the emulator does: huge, endless or dripping bodies,
 * header floods, oversized and malformed tokens, redirects elsewhere. Each call must end in a
 * typed error within its deadline, allocate a bounded amount of memory, and never send the
 * token anywhere but the configured endpoint.
 */
final class HostileEndpointTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    /** The body cap is 1 MiB; a call may allocate a few times that, never the 100 MB offered. */
    private static final long MEMORY_BOUND = 8L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ScriptedServer.Script tokenThen(ScriptedServer.Script get) {
        return (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "good-token",
                        "X-aws-ec2-metadata-token-ttl-seconds: 21600");
                return true;
            }
            return get.answer(i, r, out);
        };
    }

    private static void raw(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(ISO_8859_1));
        out.flush();
    }

    /** Runs a sync get; asserts the type, the time limit and the memory bound. */
    private static ImdsException failOnce(ScriptedServer.Script script, Duration within,
            Class<? extends ImdsException> type) throws IOException {
        try (ScriptedServer server = new ScriptedServer(script);
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                        .maxAttempts(2).readTimeout(Duration.ofMillis(500))
                        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build()) {
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            ImdsException failure = null;
            try {
                imds.get(AMI);
            } catch (ImdsException e) {
                failure = e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
            assertThat(failure).isInstanceOf(type);
            assertThat(took).isLessThan(within);
            assertThat(allocated).as("bytes allocated by the call").isLessThan(MEMORY_BOUND);
            return failure;
        }
    }

    @Test
    void hundredMegabyteBody_declared_refusedUnread() throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n");
            out.write(new byte[1 << 20]);
            return true;
        }), Duration.ofSeconds(2), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("exceeds the 1048576-byte limit");
    }

    @Test
    void hundredMegabyteBody_undeclared_cutAtTheLimit() throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            raw(out, "HTTP/1.0 200 OK\r\n\r\n");
            byte[] chunk = new byte[64 * 1024];
            for (int k = 0; k < 1600; k++) {
                out.write(chunk);
            }
            return false;
        }), Duration.ofSeconds(3), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("exceeds the 1048576-byte limit");
    }

    @Test
    void endlessChunkedStream_cutAtTheLimit() throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(ISO_8859_1);
            while (true) {
                out.write(chunk);
            }
        }), Duration.ofSeconds(3), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("chunked body exceeds");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void slowDrip_oneBytePer100ms_cutByTheReadTimeout(boolean inHeaders) throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            String response = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100);
            int from = inHeaders ? 0 : response.indexOf("\r\n\r\n") + 4;
            raw(out, response.substring(0, from));
            for (int k = from; k < response.length(); k++) {
                out.write(response.charAt(k));
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return false;
                }
            }
            return true;
        }), Duration.ofMillis(1800), ImdsTimeoutException.class);
        assertThat(e.attempts()).isEqualTo(2);
        assertThat(e).hasMessageContaining("read timeout 500 ms");
    }

    @Test
    void tenThousandHeaders_refused() throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
            for (int h = 0; h < 10_000; h++) {
                s.append("X-Flood-").append(h).append(": ").append("y".repeat(20)).append("\r\n");
            }
            raw(out, s.append("Content-Length: 1\r\n\r\nv").toString());
            return true;
        }), Duration.ofSeconds(2), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("more than 100 headers");
    }

    @Test
    void megabyteToken_refused() throws IOException {
        ImdsException e = failOnce((i, r, out) -> {
            ScriptedServer.respond(out, 200, "t".repeat(1 << 20),
                    "X-aws-ec2-metadata-token-ttl-seconds: 21600");
            return true;
        }, Duration.ofSeconds(2), ImdsResponseException.class);
        assertThat(e.path()).isEqualTo("/latest/api/token");
        assertThat(e).hasMessageContaining("exceeds the 4096-byte limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "abc", "1e3", "21601", "99999999999999999999", "",
        "3600 3600"})
    void badTtlHeader_typedError(String ttl) throws IOException {
        ImdsException e = failOnce((i, r, out) -> {
            ScriptedServer.respond(out, 200, "good-token",
                    "X-aws-ec2-metadata-token-ttl-seconds: " + ttl);
            return true;
        }, Duration.ofSeconds(2), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("X-aws-ec2-metadata-token-ttl-seconds header");
    }

    @Test
    void redirectToAnotherHost_onTokenOrGet_tokenNeverSentThere() throws Exception {
        try (ScriptedServer elsewhere = new ScriptedServer(ScriptedServer.imds("stolen"))) {
            for (boolean onToken : new boolean[] {true, false}) {
                ScriptedServer.Script script = (i, r, out) -> {
                    if (r.method().equals("PUT") && !onToken) {
                        ScriptedServer.respond(out, 200, "good-token",
                                "X-aws-ec2-metadata-token-ttl-seconds: 21600");
                    } else {
                        ScriptedServer.respond(out, 307, "",
                                "Location: " + elsewhere.endpoint() + r.target());
                    }
                    return true;
                };
                ImdsException e = failOnce(script, Duration.ofSeconds(2),
                        ImdsStatusException.class);
                assertThat(e).hasMessageContaining("redirect not followed");
            }
            assertThat(elsewhere.connections()).isZero();
        }
    }

    @Test
    void headerLineBeyondLimit_refused() throws IOException {
        ImdsException e = failOnce(tokenThen((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nX-Long: " + "z".repeat(20_000) + "\r\n\r\n");
            return true;
        }), Duration.ofSeconds(2), ImdsResponseException.class);
        assertThat(e).hasMessageContaining("a line longer than 8192 bytes");
    }

    @Test
    void asyncToo_endsTypedWithinDeadline() throws Exception {
        try (ScriptedServer server = new ScriptedServer(tokenThen((i, r, out) -> {
            raw(out, "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n");
            return true;
        })); ImdsClient imds = Patient.client(server.endpoint()).build()) {
            assertThatThrownBy(() -> Mode.ASYNC.get(imds, AMI))
                    .isInstanceOf(ImdsResponseException.class);
        }
    }
}
