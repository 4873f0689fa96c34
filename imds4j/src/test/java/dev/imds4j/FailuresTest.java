/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failure messages, by table: for each way an attempt can end, the exception type and what
 * its message must say (and never say). Pure functions: no server, no client.
 */
final class FailuresTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:1338");
    private static final Request GET = Request.get("/latest/meta-data/ami-id");
    /** A call under the client's operation timeout (its deadline plays no part here). */
    private static final Call CALL = new Call(0);

    private static Failures failures(Ec2Host host) {
        return new Failures(ENDPOINT, 1000, 1000, 10_000, 21_600, host);
    }

    private static Ec2Host unknown() {
        return Ec2Host.inspect(Path.of("/nonexistent-root"));
    }

    private static Outcome status(int s) {
        return new Outcome(new HttpTransport.Response(s, null, null, new byte[0]), null, null, 3,
                0, Instant.EPOCH);
    }

    private static Outcome failed(TransportException.Kind kind, String message,
            boolean deadline) {
        return new Outcome(null, new TransportException(kind, message, deadline, null), null, 3,
                0, null);
    }

    /** request, outcome, reached before, expected type, must contain, must not contain. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(GET, status(404), false, ImdsStatusException.class,
                        List.of("GET /latest/meta-data/ami-id at http://127.0.0.1:1338: 404 Not "
                                + "Found after 3 attempts; there is no metadata at this path"),
                        List.of()),
                Arguments.of(GET, status(403), false, ImdsStatusException.class,
                        List.of("403 Forbidden", "--http-endpoint enabled"), List.of()),
                Arguments.of(GET, status(401), false, ImdsStatusException.class,
                        List.of("refused the session token each time"), List.of()),
                Arguments.of(Request.TOKEN, status(400), false, ImdsStatusException.class,
                        List.of("PUT /latest/api/token", "TTL 21600 s"), List.of()),
                Arguments.of(GET, status(429), true, ImdsStatusException.class,
                        List.of("429 Too Many Requests", "throttling"), List.of()),
                Arguments.of(GET, status(503), true, ImdsStatusException.class,
                        List.of("503 Service Unavailable", "kept failing"), List.of()),
                Arguments.of(GET, status(302), false, ImdsStatusException.class,
                        List.of("redirect not followed"), List.of()),
                Arguments.of(GET, failed(TransportException.Kind.CONNECT_FAILED,
                        "ConnectException: Connection refused", false), false,
                        ImdsConnectionException.class,
                        List.of("cannot connect", "may not be on EC2",
                                "AWS_EC2_METADATA_DISABLED=true"),
                        List.of("answered before")),
                Arguments.of(GET, failed(TransportException.Kind.CONNECT_FAILED,
                        "ConnectException: Connection refused", false), true,
                        ImdsConnectionException.class,
                        List.of("cannot connect", "IMDS answered before", "limits simultaneous"),
                        List.of("may not be on EC2")),
                Arguments.of(GET, failed(TransportException.Kind.CONNECT_TIMEOUT,
                        "connect timed out", false), false, ImdsTimeoutException.class,
                        List.of("no connection within 1000 ms after 3 attempts"), List.of()),
                Arguments.of(GET, failed(TransportException.Kind.CONNECT_TIMEOUT,
                        "connect timed out after 300 ms", true), false,
                        ImdsTimeoutException.class, List.of("no connection before the operation "
                                + "timeout of 10000 ms (connect timed out after 300 ms)"),
                        List.of("within 1000 ms")),
                Arguments.of(Request.TOKEN, failed(TransportException.Kind.TIMEOUT,
                        "no response in time", false), false, ImdsTimeoutException.class,
                        List.of("read timeout 1000 ms", "hop limit"), List.of()),
                Arguments.of(Request.TOKEN, failed(TransportException.Kind.TIMEOUT,
                        "no response in time", false), true, ImdsTimeoutException.class,
                        List.of("read timeout 1000 ms"), List.of("hop limit")),
                Arguments.of(Request.TOKEN, failed(TransportException.Kind.TIMEOUT,
                        "no response in time", true), false, ImdsTimeoutException.class,
                        List.of("at the operation timeout of 10000 ms", "hop limit"), List.of()),
                Arguments.of(GET, failed(TransportException.Kind.TIMEOUT,
                        "no connection free in time (all 8 in use)", true), true,
                        ImdsTimeoutException.class,
                        List.of("at the operation timeout of 10000 ms", "all 8 in use"),
                        List.of()),
                Arguments.of(GET, failed(TransportException.Kind.TLS, "TCP connected, but the "
                        + "TLS handshake got no answer within 1000 ms", false), false,
                        ImdsConnectionException.class,
                        List.of("TLS handshake got no answer", "plain HTTP, use an http://"),
                        List.of("may not be on EC2")),
                Arguments.of(GET, failed(TransportException.Kind.STALE, "the kept-alive "
                        + "connection had been closed by the server", false), false,
                        ImdsConnectionException.class,
                        List.of("kept-alive connection had been closed by the server"),
                        List.of()),
                Arguments.of(GET, failed(TransportException.Kind.INTERRUPTED,
                        "interrupted while waiting for a connection", false), false,
                        ImdsInterruptedException.class,
                        List.of("interrupted while waiting for a connection"), List.of()),
                Arguments.of(GET, failed(TransportException.Kind.MALFORMED,
                        "not an HTTP/1.x status line", false), false,
                        ImdsResponseException.class,
                        List.of("unusable answer: not an HTTP/1.x status line"), List.of()));
    }

    @ParameterizedTest
    @MethodSource("table")
    void failure_byOutcome(Request r, Outcome o, boolean reached, Class<?> type,
            List<String> contains, List<String> absent) {
        ImdsException e = failures(unknown()).failure(r, o, 3, reached, CALL);

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.method()).isEqualTo(r.method());
        assertThat(e.path()).isEqualTo(r.path());
        assertThat(e.endpoint()).isEqualTo(ENDPOINT);
        assertThat(e.attempts()).isEqualTo(3);
        for (String s : contains) {
            assertThat(e.getMessage()).contains(s);
        }
        for (String s : absent) {
            assertThat(e.getMessage()).doesNotContain(s);
        }
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void failure_connectOnAnEc2Host_namesTheEvidence(@TempDir Path root) throws Exception {
        Path vendor = root.resolve("sys/class/dmi/id/sys_vendor");
        Files.createDirectories(vendor.getParent());
        Files.writeString(vendor, "Amazon EC2\n");
        ImdsException e = failures(Ec2Host.inspect(root)).failure(GET,
                failed(TransportException.Kind.CONNECT_FAILED, "refused", false), 4, false, CALL);

        assertThat(e.getMessage()).contains("This host is EC2 (/sys/class/dmi/id/sys_vendor is "
                + "'Amazon EC2')").doesNotContain("may not be on EC2");
    }

    @Test
    void theOtherFailures_nameRequestAndNumbers() {
        Failures f = failures(unknown());
        assertThat(f.retryAfterTooLong(GET, status(429), 1, 60_000, CALL)).hasMessage("GET "
                + "/latest/meta-data/ami-id at http://127.0.0.1:1338: 429 Too Many Requests after "
                + "1 attempt; IMDS asked to retry after 60000 ms (Retry-After), beyond the "
                + "operation timeout of 10000 ms");
        assertThat(f.throttled(GET, 0, 30_000, CALL).getMessage()).contains("not sent after 0 "
                + "attempts: IMDS asked this client to wait 30000 ms more (Retry-After)");
        assertThat(f.closedOrCancelled(Request.TOKEN, 0, true)).hasMessage("PUT "
                + "/latest/api/token at http://127.0.0.1:1338: the client was closed before the "
                + "request finished");
        assertThat(f.tokenWaitTimedOut(GET, CALL).attempts()).isZero();
        assertThat(f.notText(GET, 3, 2, null).attempts()).isEqualTo(2);
        assertThat(f.badToken("bad", 2).attempts()).isEqualTo(2);
        assertThat(f.disabled(GET, "environment variable AWS_EC2_METADATA_DISABLED"))
                .hasMessageContaining("nothing was sent").extracting(ImdsException::attempts)
                .isEqualTo(0);
        assertThat(f.offEc2(GET)).hasMessageContaining("not sent: this host is not an EC2");
        assertThat(f.outOfTime(GET, status(503), 2, CALL)).hasMessageContaining("gave up after 2 "
                + "attempts at the operation timeout of 10000 ms; last: 503 Service Unavailable");
    }

    @Test
    void parseRetryAfter_secondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        assertThat(RetryExecutor.parseRetryAfter("2", now)).isEqualTo(
                TimeUnit.SECONDS.toNanos(2));
        assertThat(RetryExecutor.parseRetryAfter(" 0 ", now)).isZero();
        assertThat(RetryExecutor.parseRetryAfter("Mon, 30 Nov 2026 10:00:05 GMT", now))
                .isEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(RetryExecutor.parseRetryAfter("Mon, 30 Nov 2026 09:00:00 GMT", now)).isZero();
        assertThat(RetryExecutor.parseRetryAfter("999999999", now))
                .isEqualTo(TimeUnit.MINUTES.toNanos(1));
        assertThat(RetryExecutor.parseRetryAfter("Tue, 01 Dec 2026 10:00:00 GMT", now))
                .isEqualTo(TimeUnit.MINUTES.toNanos(1));
        assertThat(RetryExecutor.parseRetryAfter("soon", now)).isZero();
        assertThat(RetryExecutor.parseRetryAfter("-5", now)).isZero();
    }
}
