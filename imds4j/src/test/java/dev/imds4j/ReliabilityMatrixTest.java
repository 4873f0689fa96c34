package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

    /** One row: a fault, where it applies, and how long the call may take at most. */
    private record Scenario(String fault, String target, Consumer<ImdsEmulator> arrange,
            Duration bound) {}

    private record Result(String outcome, long puts, long gets) {}

    private static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        Duration quick = Duration.ofSeconds(1);
        Duration stall = Duration.ofSeconds(2);
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
        s.add(new Scenario("throttling, 1 request/s", "both", e -> e.throttle(1), quick));
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

    @Test
    void faultMatrix_matchesDocsReliability() throws Exception {
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

            Client settings: 4 attempts, read timeout 300 ms, backoff 10-40 ms, operation timeout
            5 s. Each fault applies to every matching request. Every row runs through `get` and
            `getAsync`, which must agree on the outcome and the requests sent; the call must end
            within the bound. Counts are the requests the emulator received.

            """;

    private static final String FOOTER = """

            Reading the table:
            - 5xx and 429 are retried with jittered backoff; on the GET, the cached token is kept.
            - 401 on a GET drops the token and fetches a new one before each retry (hence as many
              PUTs as GETs); 401 on the token request itself is final.
            - 400, 403 and 404 are final: one request. 403 names the likely cause.
            - A connection closed before any answer is retried; the first GET went out on the
              token request's kept-alive connection, which the client replays once on a new
              connection (5 GETs for 4 attempts), and never more.
            - A token request that gets no answer is final at once, with the container hop-limit
              fix in the message; a GET that gets none is retried after each read timeout.
            """;
}
