/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ImdsEmulatorTest
final class CliTest {
    private static final Map<String, String> ENV = CliRun.PATIENT;
    private static final String AMI = "/latest/meta-data/ami-id";

    private final ImdsEmulator emulator;

    CliTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private CliRun imds(String... args) {
        return CliRun.at(emulator.endpoint(), ENV, args);
    }

    // ---- get ----------------------------------------------------------------------------------

    @Test
    void get_printsValueExactly() {
        CliRun r = imds("get", AMI);

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ami-0c1c30571d2dae5c9");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void get_severalPaths_oneTokenEachValueEndsALine() throws Exception {
        CliRun r = imds("get", AMI, "instance-id", "/latest/meta-data/placement/region");

        assertThat(r.out()).isEqualTo("ami-0c1c30571d2dae5c9\ni-0b22a22eec53b9321\neu-west-1\n");
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
        assertThat(emulator.requests()).extracting(RecordedRequest::method)
                .containsExactly("PUT", "GET", "GET", "GET");
    }

    @Test
    void get_binaryUserData_exactBytes() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write("echo hi\n".getBytes(UTF_8));
        }
        emulator.put("/latest/user-data", gz.toByteArray());

        assertThat(imds("get", "/latest/user-data").stdout()).isEqualTo(gz.toByteArray());
    }

    @Test
    void get_json_oneObjectBase64ForBinary() throws IOException {
        emulator.put("/latest/user-data", new byte[] {(byte) 0xff, 0, 1});
        CliRun r = imds("get", "--json", AMI, "/latest/user-data");

        assertThat(r.code()).isZero();
        assertThat(JSON.std.mapFrom(r.out())).containsExactly(
                Map.entry(AMI, "ami-0c1c30571d2dae5c9"),
                Map.entry("/latest/user-data", Map.of("base64", "/wAB")));
    }

    @Test
    void get_noPath_usage() {
        CliRun r = imds("get");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: get needs at least one PATH "
                + "(see 'imds get --help')\n");
    }

    // ---- exit codes ---------------------------------------------------------------------------

    @Test
    void notFound_exit3_oneLine() {
        CliRun r = imds("get", "/latest/meta-data/nothing");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.stderr()).isEqualTo("imds: GET /latest/meta-data/nothing at "
                + emulator.endpoint() + ": 404 Not Found after 1 attempt; there is no metadata "
                + "at this path\n");
    }

    @Test
    void verbose_traceAndStackTrace_neverAToken() throws Exception {
        CliRun r = imds("--verbose", "get", "/latest/meta-data/nothing");

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.stderr()).contains("imds: PUT /latest/api/token -> 200 (attempt 1, ")
                .contains("imds: GET /latest/meta-data/nothing -> 404 (attempt 1, ")
                .contains("\tat dev.imds4j.");
        String token = emulator.requests().get(1).header("X-aws-ec2-metadata-token")
                .orElseThrow();
        assertThat(r.stderr()).doesNotContain(token);
    }

    @Test
    void stalledEmulator_exit4WithinTimeout() {
        emulator.addFault(Fault.stall().always());
        long start = System.nanoTime();
        CliRun r = imds("--read-timeout", "200ms", "get", AMI);

        assertThat(r.code()).isEqualTo(4);
        assertThat(r.stderr()).contains("hop limit").hasLineCount(1);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
    }

    @Test
    void unreachable_exit4() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run(ENV, "--endpoint", "http://127.0.0.1:" + port, "region");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.stderr()).contains("may not be on EC2");
    }

    @Test
    void imdsOff_exit5() {
        emulator.httpEndpoint(false);
        CliRun r = imds("get", AMI);

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.stderr()).contains("403 Forbidden").contains("--http-endpoint enabled");
    }

    @Test
    void unauthorizedAfterRetries_exit5() {
        emulator.addFault(Fault.status(401).onMethod("GET").always());
        assertThat(imds("--attempts", "2", "get", AMI).code()).isEqualTo(5);
    }

    @Test
    void serverErrors_exit1() {
        emulator.addFault(Fault.status(500).always());
        assertThat(imds("--attempts", "1", "get", AMI).code()).isEqualTo(1);
    }

    @Test
    void httpsEndpointAgainstPlainHttp_saysTheHandshakeFailed() {
        String https = emulator.endpoint().toString().replaceFirst("^http:", "https:");
        CliRun r = CliRun.run(ENV, "--endpoint", https, "get", AMI);

        assertThat(r.code()).isEqualTo(4);
        assertThat(r.stderr()).contains("TCP connected, but the TLS handshake")
                .contains("if the server speaks plain HTTP, use an http:// endpoint")
                .doesNotContain("may not be on EC2").hasLineCount(1);
    }

    @Test
    void disabledByEnvironment_exit5WithoutTraffic_configStillWorks() {
        Map<String, String> env = Map.of("AWS_EC2_METADATA_DISABLED", "True");
        CliRun r = CliRun.run(env, "--endpoint", emulator.endpoint().toString(), "get", AMI);

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.stderr()).contains("turned off by environment variable "
                + "AWS_EC2_METADATA_DISABLED=true; nothing was sent");
        assertThat(CliRun.run(env, "config").code()).isZero();
        assertThat(emulator.requestCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--endpoint=not a uri", "--endpoint-mode=IPv7", "--attempts=0",
        "--timeout=soon", "--ttl=0s", "--read-timeout=2h", "--profile= "})
    void badFlag_exit2OneLine(String flag) {
        CliRun r = CliRun.run(ENV, flag, "get", AMI);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("imds: --").hasLineCount(1);
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void badEnvironment_exit2NamingVariable() {
        CliRun r = CliRun.run(Map.of("AWS_METADATA_SERVICE_TIMEOUT", "abc"), "region");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: invalid value 'abc' from environment variable "
                + "AWS_METADATA_SERVICE_TIMEOUT: expected a number of seconds from 0.001 to "
                + "3600, such as 1 or 0.5\n");
    }

    @Test
    void usageErrors_exit2() {
        assertThat(CliRun.run(ENV, "frobnicate").stderr())
                .isEqualTo("imds: unknown command 'frobnicate' (see 'imds --help')\n");
        assertThat(CliRun.run(ENV, "frobnicate").code()).isEqualTo(2);
        assertThat(CliRun.run(ENV, "--no-such-flag", "get").code()).isEqualTo(2);
        assertThat(CliRun.run(ENV, "region", "extra").stderr()).isEqualTo(
                "imds: region takes no arguments, got 'extra' (see 'imds region --help')\n");
        CliRun none = CliRun.run(ENV);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.stderr()).startsWith("usage: imds");
        assertThat(CliRun.run(ENV, "--emulator", "--endpoint", "http://x", "region").stderr())
                .isEqualTo("imds: --emulator and --endpoint cannot be used together "
                        + "(see 'imds region --help')\n");
    }

    @Test
    void help_globalAndPerCommand_withExitCodes_sendNothing() {
        CliRun global = CliRun.at(emulator.endpoint(), ENV, "--help");
        assertThat(global.code()).isZero();
        assertThat(global.out()).startsWith("usage: imds [OPTIONS] COMMAND")
                .contains("3  not found (404)").contains("watch");
        for (String command : new String[] {"get", "ls", "tree", "identity", "region",
            "credentials", "user-data", "tags", "events", "watch", "config", "serve",
            "completion"}) {
            CliRun r = command.equals("serve") || command.equals("completion")
                    ? CliRun.run(ENV, command, "--help") // they refuse --endpoint
                    : CliRun.at(emulator.endpoint(), ENV, command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("usage: imds " + command);
        }
        assertThat(emulator.requestCount()).isZero();
    }

    @Test
    void version() {
        CliRun r = CliRun.run(ENV, "--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("imds \\S+ \\(java \\S+, .+, "
                + Pattern.quote(System.getProperty("java.home")) + "\\)\\n");
    }

    @Test
    void globalOptionsAfterTheCommand() {
        CliRun r = CliRun.run(ENV, "get", AMI, "--endpoint", emulator.endpoint().toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ami-0c1c30571d2dae5c9");
    }

    @Test
    void emulatorFlag_runsAgainstTheBundledEmulator() {
        // the environment names this test's emulator: --emulator must win over it
        Map<String, String> env = Map.of("AWS_METADATA_SERVICE_TIMEOUT", "30",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());
        CliRun r = CliRun.run(env, "--emulator", "get", "instance-type");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.out()).isEqualTo("m5.large");
        assertThat(emulator.requestCount()).isZero();
    }
}
