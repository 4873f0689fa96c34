/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
final class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Main.Serving serving, String... args) {
        return Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8),
                serving);
    }

    private String out() {
        return out.toString(UTF_8);
    }

    private String err() {
        return err.toString(UTF_8);
    }

    @Test
    void run_printsListeningLineFirstAndServes() {
        AtomicReference<Integer> status = new AtomicReference<>();
        int code = run(emulator -> status.set(RawHttp.once(URI.create(
                out().lines().findFirst().orElseThrow().substring("listening on ".length())),
                "GET", "/").status()), "--port", "0", "--log");

        assertThat(code).isZero();
        assertThat(out()).startsWith("listening on http://127.0.0.1:");
        assertThat(status.get()).isEqualTo(401);
        assertThat(err()).contains("GET / -> 401");
    }

    @Test
    void run_throttleAndFeatureFlags_configureTheEmulator() {
        AtomicReference<Throttling> throttling = new AtomicReference<>();
        AtomicReference<Integer> ipv6 = new AtomicReference<>();
        int code = run(emulator -> {
            throttling.set(emulator.throttling());
            String token = RawHttp.token(emulator.endpoint(), 60);
            ipv6.set(RawHttp.get(emulator.endpoint(), "/latest/meta-data/ipv6", token).status());
        }, "--port", "0", "--throttle-rate", "40", "--throttle-concurrency", "6",
                "--throttle-mode", "drop", "--feature", "ipv6");

        assertThat(code).isZero();
        assertThat(throttling.get()).hasToString("drop beyond 40/s or 6 at once");
        assertThat(ipv6.get()).isEqualTo(200);
    }

    @Test
    void run_throttleRateAlone_stallsAsRealImds() {
        AtomicReference<Throttling> throttling = new AtomicReference<>();
        assertThat(run(e -> throttling.set(e.throttling()), "--port", "0", "--throttle-rate",
                "3")).isZero();
        assertThat(throttling.get().mode()).isEqualTo(Throttling.Mode.STALL);
        assertThat(throttling.get().perSecond()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        --throttle-mode drop          | --throttle-mode needs --throttle-rate or
        --throttle-rate 0             | --throttle-rate: expected a whole number of at least 1
        --throttle-concurrency many   | --throttle-concurrency: expected a whole number
        --throttle-rate 2 --throttle-mode slow | --throttle-mode: expected stall, drop or 429
        --feature warp                | --feature: unknown feature 'warp'; known: ipv6,
        """)
    void run_badThrottleOrFeature_oneLineAndExit2(String args, String message) {
        assertThat(run(e -> { }, args.split(" "))).isEqualTo(2);
        assertThat(err()).startsWith("imds4j-emulator: " + message).hasLineCount(1);
    }

    @Test
    void run_badPort_oneLineAndExit2() {
        assertThat(run(e -> { }, "--port", "70000")).isEqualTo(2);
        assertThat(err()).isEqualTo("imds4j-emulator: invalid port '70000': expected 0..65535\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void run_portInUse_oneLineAndExit2() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run(e -> { }, "--port", Integer.toString(taken.getLocalPort())))
                    .isEqualTo(2);
        }
        assertThat(err()).startsWith("imds4j-emulator: cannot listen there: ").hasLineCount(1);
    }

    @Test
    void run_badConfig_oneLineAndExit2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"httpTokens\": \"never\"}");

        assertThat(run(e -> { }, "--config", file.toString())).isEqualTo(2);
        assertThat(err()).startsWith("imds4j-emulator: " + file + ":1: httpTokens: expected one")
                .hasLineCount(1);
    }

    @Test
    void run_missingConfig_oneLineAndExit2(@TempDir Path dir) {
        assertThat(run(e -> { }, "--config", dir.resolve("nope.json").toString())).isEqualTo(2);
        assertThat(err()).startsWith("imds4j-emulator: config file not found: ").hasLineCount(1);
    }

    @Test
    void run_unknownArgumentOrMissingValue_exit2() {
        assertThat(run(e -> { }, "--colour")).isEqualTo(2);
        assertThat(run(e -> { }, "--port")).isEqualTo(2);
        assertThat(err()).contains("unknown argument '--colour'").contains("--port needs a value");
    }

    @Test
    void run_portOrCountInOtherDigits_refused() {
        assertThat(run(e -> { }, "--port", "\u0661\u0663\u0663\u0668")).isEqualTo(2);
        assertThat(run(e -> { }, "--throttle-rate", "\u0665")).isEqualTo(2);
        assertThat(err()).contains("invalid port '\u0661\u0663\u0663\u0668'")
                .contains("--throttle-rate: expected a whole number of at least 1, not "
                        + "'\u0665'");
    }

    @Test
    void run_configErrors_inOurWords_controlCharactersEscaped(@TempDir Path dir)
            throws IOException {
        Path key = dir.resolve("key.json");
        Files.writeString(key, "{\"\\u001b[2Jx\": 1}");
        assertThat(run(e -> { }, "--config", key.toString())).isEqualTo(2);
        assertThat(run(e -> { }, "--config", dir.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("imds4j-emulator: " + key + ":1: \\x1b[2Jx: unknown key; "
                + "known keys: extendedCredentials, faults, features, httpEndpoint, httpTokens, "
                + "instanceMetadataTags, maintenanceEvents, maxTokenTtlSeconds, metadata, "
                + "rebalanceRecommendation, spotInterruption, targetLifecycleStates, throttle\n"
                + "imds4j-emulator: " + dir + ": is a directory, not a configuration file\n");
    }

    @Test
    void run_log_escapesWhatTheRequestCarried() {
        int code = run(emulator -> RawHttp.once(emulator.endpoint(), "GET", "/",
                "User-Agent", "x\u001b[31my"), "--port", "0", "--log");
        assertThat(code).isZero();
        assertThat(err()).contains("=[x\\x1b[31my]").doesNotContain("\u001b");
    }

    @Test
    void run_help_printsUsageExit0() {
        assertThat(run(e -> { }, "--help")).isZero();
        assertThat(out()).startsWith("usage: java -jar imds4j-emulator.jar");
    }
}
