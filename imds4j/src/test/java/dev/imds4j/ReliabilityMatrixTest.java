/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The fault matrix: each fault the emulator injects, on the token PUT and on the GET, through
 * {@code get} and {@code getAsync}; the outcome, the requests sent and the time bound. The table
 * in {@code docs/reliability.md} is this test's output: it fails when they differ, and rewrites
 * the file when run with {@code -Dimds4j.writeDocs=true}.
 */
final class ReliabilityMatrixTest {
    private static final String AMI = "/latest/meta-data/ami-id";
    private static final Duration READ_TIMEOUT = Duration.ofMillis(600);

    /** One row: a fault, where it applies, and how long the call may take at most. */
    private record Scenario(String fault, String target, Consumer<ImdsEmulator> arrange,
            Duration bound) {}

    private record Result(String outcome, long puts, long gets) {}

    private static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        Duration quick = Duration.ofSeconds(1);
        Duration stall = Duration.ofSeconds(3);
        for (String target : new String[] {"GET", "PUT"}) {
            boolean put = target.equals("PUT");
            for (int status : new int[] {500, 503, 429, 401, 403, 404}) {
                s.add(new Scenario(Integer.toString(status), target,
                        e -> e.addFault(on(Fault.status(status), put)), quick));
            }
            s.add(new Scenario("connection closed", target,
                    e -> e.addFault(on(Fault.closeConnection(), put)), quick));
            s.add(new Scenario("truncated body", target,
                    e -> e.addFault(on(Fault.truncateBody(), put)), quick));
            s.add(new Scenario(put ? "no answer (token-PUT drop)" : "no answer (stall)", target,
                    e -> e.addFault(on(Fault.stall(), put)), put ? quick : stall));
        }
        s.add(new Scenario("throttling, 1 request/s", "both", e -> e.throttle(1),
                Duration.ofSeconds(3)));
        s.add(new Scenario("latency 100 ms", "both",
                e -> e.addFault(Fault.latency(Duration.ofMillis(100)).always()), quick));
        return s;
    }

    private static Fault on(Fault f, boolean put) {
        return (put ? f.onTokenPut() : f.onMethod("GET")).always();
    }

    private static Result run(Scenario scenario, Mode mode) throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start();
                ImdsClient imds = ImdsClient.builder().endpoint(emulator.endpoint())
                        .maxAttempts(4).readTimeout(READ_TIMEOUT)
                        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
                        .operationTimeout(Duration.ofSeconds(5)).build()) {
            scenario.arrange().accept(emulator);
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = "value " + mode.get(imds, AMI).reveal();
            } catch (ImdsException e) {
                outcome = describe(e);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("%s on %s via %s", scenario.fault(), scenario.target(), mode)
                    .isLessThan(scenario.bound());
            long puts = emulator.tokenRequestCount();
            return new Result(outcome, puts, emulator.requestCount() - puts);
        }
    }

    /** The exception's type, status and the hint it gives, never its endpoint-specific text. */
    private static String describe(ImdsException e) {
        String type = e.getClass().getSimpleName();
        String status = e instanceof ImdsStatusException s ? " " + s.status() : "";
        String m = e.getMessage();
        String hint = m.contains("hop limit") ? "; hint: hop limit 2"
                : m.contains("--http-endpoint enabled") ? "; hint: IMDS turned off"
                : m.contains("throttling") ? "; hint: throttled, cache values"
                : m.contains("no metadata at this path") ? "; no such path"
                : m.contains("refused the session token") ? "; token refused each time"
                : "";
        return type + status + " (" + e.method() + ", " + e.attempts() + " attempt"
                + (e.attempts() == 1 ? "" : "s") + ")" + hint;
    }

    // ---- bursts, throttling and hostile servers: scripted raw-socket servers ------------------

    private static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds: 21600";

    /** A scripted server scenario: the server, how many callers at once, what the row says. */
    private record Hostile(String server, ScriptedServer.Script script, int backlog,
            long acceptDelayMillis, int callers, boolean stopAfterFirstAnswer) {}

    private record HostileResult(String outcome, long puts, String gets, String connections) {}

    private static ScriptedServer.Script getAnswers(ScriptedServer.Script get) {
        return (i, r, out) -> {
            if (r.method().equals("PUT")) {
                ScriptedServer.respond(out, 200, "token", TTL_HEADER);
                return true;
            }
            return get.answer(i, r, out);
        };
    }

    private static void raw(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static List<Hostile> hostile() {
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nami-";
        List<Hostile> h = new ArrayList<>();
        h.add(new Hostile("HTTP/1.0, accept queue 5, one accept per 5 ms: 256 cold callers",
                (i, r, out) -> {
                    raw(out, "HTTP/1.0 200 OK\r\n" + (r.method().equals("PUT") ? TTL_HEADER
                            + "\r\nContent-Length: 5\r\n\r\ntoken" : "Content-Length: 4\r\n\r\n"
                            + "ami-"));
                    return false;
                }, 5, 5, 256, false));
        h.add(new Hostile("429 with Retry-After: 1, then 200", getAnswers((i, r, out) -> {
            if (i == 2) {
                ScriptedServer.respond(out, 429, "", "Retry-After: 1");
            } else {
                raw(out, ok);
            }
            return true;
        }), 50, 0, 1, false));
        h.add(new Hostile("429 with Retry-After: 60, past the 5 s operation timeout",
                getAnswers((i, r, out) -> {
                    if (i == 1) {
                        raw(out, ok);
                    } else {
                        ScriptedServer.respond(out, 429, "", "Retry-After: 60");
                    }
                    return true;
                }), 50, 0, 1, false));
        h.add(new Hostile("refuses connections after its first answers (throttled or gone)",
                getAnswers((i, r, out) -> {
                    raw(out, ok);
                    return true;
                }), 50, 0, 1, true));
        h.add(new Hostile("stray bytes after each body", getAnswers((i, r, out) -> {
            raw(out, ok + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nwrong");
            return true;
        }), 50, 0, 1, false));
        h.add(new Hostile("an empty line after each response", getAnswers((i, r, out) -> {
            raw(out, ok + "\r\n");
            return true;
        }), 50, 0, 1, false));
        h.add(new Hostile("a 408 pushed onto the idle connection", getAnswers((i, r, out) -> {
            raw(out, ok);
            raw(out, "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
                    + "Content-Length: 0\r\n\r\n");
            return false;
        }), 50, 0, 1, false));
        h.add(new Hostile("closes inside the headers", getAnswers((i, r, out) -> {
            if (i == 1) {
                raw(out, ok); // the warm-up
                return true;
            }
            raw(out, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n");
            return false;
        }), 50, 0, 1, false));
        h.add(new Hostile("closes the kept-alive connection after reading the request",
                getAnswers((i, r, out) -> {
                    if (i == 2) {
                        return false;
                    }
                    raw(out, ok);
                    return true;
                }), 50, 0, 1, false));
        h.add(new Hostile("drips one byte every 100 ms", getAnswers((i, r, out) -> {
            if (i == 1) {
                raw(out, ok); // the warm-up
                return true;
            }
            for (byte b : ok.getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
                out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return true;
        }), 50, 0, 1, false));
        return h;
    }

    /**
     * Runs a scripted scenario: a warm-up get (so that a kept-alive connection and a token
     * exist), then the callers at once. Reports the last caller's outcome, or how many of many
     * callers got the right value.
     */
    private static HostileResult run(Hostile scenario, Mode mode) throws Exception {
        try (ScriptedServer server = new ScriptedServer(scenario.script(), scenario.backlog(),
                scenario.acceptDelayMillis());
                ImdsClient imds = ImdsClient.builder().endpoint(server.endpoint())
                        .maxAttempts(4).readTimeout(READ_TIMEOUT)
                        .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
                        .operationTimeout(Duration.ofSeconds(5)).build()) {
            String outcome;
            if (scenario.callers() > 1) {
                List<CompletableFuture<String>> calls = new ArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(scenario.callers());
                CountDownLatch start = new CountDownLatch(1);
                for (int c = 0; c < scenario.callers(); c++) {
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                            return mode.get(imds, AMI).reveal();
                        } catch (ImdsException | InterruptedException e) {
                            return describe(e);
                        }
                    }, pool));
                }
                start.countDown();
                int right = 0;
                for (CompletableFuture<String> f : calls) {
                    right += f.get(60, TimeUnit.SECONDS).equals("ami-") ? 1 : 0;
                }
                pool.shutdownNow();
                outcome = right + " of " + scenario.callers() + " callers got the value";
            } else {
                mode.get(imds, AMI);
                if (scenario.stopAfterFirstAnswer()) {
                    server.stopListening();
                    server.dropConnections();
                }
                Thread.sleep(50); // lets bytes the server pushed after its answer arrive
                long before = server.requests().isEmpty() ? 0
                        : server.requests().get(server.requests().size() - 1).arrivedNanos();
                try {
                    outcome = "value " + mode.get(imds, AMI).reveal();
                } catch (ImdsException e) {
                    outcome = describe(e);
                }
                List<ScriptedServer.Request> all = server.requests();
                if (all.size() >= 2 && scenario.server().contains("Retry-After: 1")) {
                    long waited = all.get(all.size() - 1).arrivedNanos() - before;
                    outcome += waited >= TimeUnit.MILLISECONDS.toNanos(950)
                            ? "; the retry waited >= 1 s" : "; the retry did NOT wait";
                }
            }
            long puts = server.requests().stream().filter(r -> r.method().equals("PUT")).count();
            long gets = server.requests().size() - puts;
            String getCount = Long.toString(gets);
            if (scenario.callers() > 1) {
                // one each; a GET that outlasts its read timeout on a busy machine is sent again
                assertThat(gets).isGreaterThanOrEqualTo(scenario.callers());
                getCount = "at least " + scenario.callers();
            }
            int peak = imds.transport().peakConnections();
            assertThat(peak).as("connections open at once").isBetween(1, 8);
            return new HostileResult(outcome, puts, getCount, peak > 1 ? "at most 8" : "1");
        }
    }

    private static String describe(Exception e) {
        return e instanceof ImdsException imds ? describe(imds) : e.toString();
    }

    @Test
    void faultMatrix_matchesDocsReliability() throws Exception {
        // Warm-up: the first emulator answer and the first client call load hundreds of
        // classes, which can outlast the 600 ms read timeout on a busy machine.
        run(new Scenario("warm-up", "both", e -> { }, Duration.ofSeconds(30)), Mode.SYNC);
        run(new Scenario("warm-up", "both", e -> { }, Duration.ofSeconds(30)), Mode.ASYNC);
        StringBuilder table = new StringBuilder();
        table.append("| fault | on | outcome (get and getAsync alike) | token PUTs | GETs "
                + "| bound |\n|---|---|---|---|---|---|\n");
        for (Scenario scenario : scenarios()) {
            Result sync = run(scenario, Mode.SYNC);
            Result async = run(scenario, Mode.ASYNC);
            assertThat(async).as("%s on %s: async as sync", scenario.fault(), scenario.target())
                    .isEqualTo(sync);
            table.append("| ").append(scenario.fault()).append(" | ").append(scenario.target())
                    .append(" | ").append(sync.outcome()).append(" | ").append(sync.puts())
                    .append(" | ").append(sync.gets()).append(" | < ")
                    .append(scenario.bound().toMillis()).append(" ms |\n");
        }
        table.append(HOSTILE_HEADER);
        for (Hostile scenario : hostile()) {
            HostileResult sync = run(scenario, Mode.SYNC);
            HostileResult async = run(scenario, Mode.ASYNC);
            assertThat(async).as("%s: async as sync", scenario.server()).isEqualTo(sync);
            table.append("| ").append(scenario.server()).append(" | ").append(sync.outcome())
                    .append(" | ").append(sync.puts()).append(" | ").append(sync.gets())
                    .append(" | ").append(sync.connections()).append(" |\n");
        }
        String doc = HEADER + table + FOOTER;
        Path file = Path.of(System.getProperty("imds4j.root"), "docs", "reliability.md");
        if (Boolean.getBoolean("imds4j.writeDocs")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, doc, UTF_8);
        }
        assertThat(file).as("docs/reliability.md; regenerate with -Dimds4j.writeDocs=true")
                .hasContent(doc);
    }

    private static final String HEADER = """
            # Reliability: what each fault costs

            Generated by `ReliabilityMatrixTest` (imds4j module) against the emulator; do not edit
            by hand. Regenerate with:

                mvn -pl imds4j -am test -Dtest=ReliabilityMatrixTest \\
                    -Dsurefire.failIfNoSpecifiedTests=false -Dimds4j.writeDocs=true

            Client settings: 4 attempts, read timeout 600 ms, backoff 10-40 ms, operation timeout
            5 s. Each fault applies to every matching request. Every row runs through `get` and
            `getAsync`, which must agree on the outcome and the requests sent; the call must end
            within the bound. Counts are the requests the emulator received.

            """;

    private static final String HOSTILE_HEADER = """

            ## Bursts, throttling and hostile servers

            Scripted raw-socket servers, same client settings. Each row runs a warm-up `get`
            (so that a token and a kept-alive connection exist), then the call below, through
            `get` and `getAsync` alike; counts are the requests the server received, warm-up
            included, and "connections" the most the client had open at once.

            | server | outcome (get and getAsync alike) | token PUTs | GETs | connections |
            |---|---|---|---|---|
            """;

    private static final String FOOTER = """

            Reading the tables:
            - 5xx and 429 are retried with jittered backoff; on the GET, the cached token is kept.
              A `Retry-After` on 429 or 503 sets the least wait, for every caller of the client;
              one beyond the operation timeout fails at once instead of waiting for nothing.
            - 401 on a GET drops the token and fetches a new one before each retry (hence as many
              PUTs as GETs); 401 on the token request itself is final.
            - 400, 403 and 404 are final: one request. 403 names the likely cause.
            - A connection closed before any answer is retried; every request sent is an
              attempt, the one on a kept-alive connection the server had closed included (it is
              sent again at once, without backoff, and shows in the DEBUG trace).
            - A token request that gets no answer is final at once, with the container hop-limit
              fix in the message; a GET that gets none is retried after each read timeout.
            - At most 8 connections are open at once (`maxConnections`); callers beyond wait for
              one. A refused or timed-out connect is retried once IMDS has answered the client (or
              the host is EC2): real IMDS throttles by dropping connections and packets.
            - A connection with bytes left after a response, or that the server wrote to while
              idle, is closed rather than reused; a response cut inside its headers is a
              truncation, retried.
            """;
}
