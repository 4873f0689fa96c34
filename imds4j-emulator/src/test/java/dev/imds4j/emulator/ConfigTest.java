/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
final class ConfigTest {
    private static final String MD = "/latest/meta-data/";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("imds.json");
        Files.writeString(file, json, UTF_8);
        return file;
    }

    @Test
    void config_appliedAtStartAndAfterReset() throws Exception {
        Path file = write("""
                {
                  "httpTokens": "optional",
                  "instanceMetadataTags": "disabled",
                  "maxTokenTtlSeconds": 120,
                  "metadata": {
                    "/latest/meta-data/instance-type": "c7g.large",
                    "/latest/user-data": {"base64": "AAEC/w=="},
                    "/latest/meta-data/public-hostname": null
                  },
                  "spotInterruption": {"action": "hibernate", "noticeAfter": "2m"},
                  "rebalanceRecommendation": {"noticeAfter": "PT1M"},
                  "maintenanceEvents": [{"code": "system-reboot",
                    "notBefore": "2026-03-05T09:00:00Z", "notAfter": "2026-03-05T10:00:00Z"}],
                  "targetLifecycleStates": [{"state": "Terminated", "after": "5m"}],
                  "faults": [{"status": 503, "method": "GET", "path": "/latest/meta-data/ami-id",
                              "times": 1}]
                }
                """);
        ManualClock clock = ManualClock.startingAt(T0);
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).config(file).start()) {
            for (int round = 0; round < 2; round++) {
                assertConfigured(emulator, clock);
                clock.set(T0);
                emulator.reset();
            }
        }
    }

    private static void assertConfigured(ImdsEmulator emulator, ManualClock clock)
            throws IOException {
        java.net.URI e = emulator.endpoint();
        assertThat(RawHttp.once(e, "GET", MD + "instance-type").text()).isEqualTo("c7g.large");
        assertThat(RawHttp.once(e, "GET", "/latest/user-data").body())
                .containsExactly(0, 1, 2, 0xff);
        assertThat(RawHttp.once(e, "GET", MD + "public-hostname").status()).isEqualTo(404);
        assertThat(RawHttp.once(e, "GET", MD + "tags/instance/Name").status()).isEqualTo(404);
        assertThat(RawHttp.once(e, "GET", MD + "ami-id").status()).isEqualTo(503);
        assertThat(RawHttp.once(e, "GET", MD + "ami-id").status()).isEqualTo(200);
        assertThat(RawHttp.once(e, "PUT", ImdsEmulator.TOKEN_PATH,
                "X-aws-ec2-metadata-token-ttl-seconds", "600").header(
                        "X-aws-ec2-metadata-token-ttl-seconds")).isEqualTo("120");
        assertThat(RawHttp.once(e, "GET", MD + "events/maintenance/scheduled").text())
                .contains("5 Mar 2026 09:00:00 GMT");
        assertThat(RawHttp.once(e, "GET", MD + "spot/instance-action").status()).isEqualTo(404);
        clock.advance(Duration.ofMinutes(5));
        assertThat(RawHttp.once(e, "GET", MD + "spot/instance-action").text())
                .contains("hibernate").contains("2026-03-01T10:04:00Z");
        assertThat(RawHttp.once(e, "GET", MD + "events/recommendations/rebalance").text())
                .contains("2026-03-01T10:01:00Z");
        assertThat(RawHttp.once(e, "GET", MD + "autoscaling/target-lifecycle-state").text())
                .isEqualTo("Terminated");
    }

    @Test
    void config_httpEndpointDisabledAndFaultTypes() throws Exception {
        Path file = write("""
                {"httpEndpoint": "disabled", "extendedCredentials": "disabled",
                 "throttle": {"mode": "drop", "perSecond": 0},
                 "faults": [{"type": "latency", "millis": 1, "times": "always"},
                            {"type": "closeConnection"}, {"type": "truncateBody"},
                            {"type": "stall", "path": "/none"}, {"type": "tokenPutDrop"},
                            {"status": 500, "times": "always", "probability": 0.01}]}
                """);
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(file).start()) {
            assertThat(RawHttp.once(emulator.endpoint(), "GET", "/").status()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {"httpTokens": "sometimes"}               | httpTokens: expected one of required, optional
        {"colour": 1}                             | colour: unknown key; known keys: extended
        {"maxTokenTtlSeconds": 0}                 | maxTokenTtlSeconds: expected a whole number
        {"maxTokenTtlSeconds": 1.5}               | maxTokenTtlSeconds
        {"metadata": {"/latest/meta-data/x": 5}}  | metadata./latest/meta-data/x: expected a string
        {"metadata": {"/elsewhere": "v"}}         | metadata./elsewhere: path must start with
        {"metadata": {"/latest/x": {"base64": "***"}}}    | metadata./latest/x.base64
        {"spotInterruption": {"noticeAfter": "soon"}}     | spotInterruption.noticeAfter: not a du
        {"spotInterruption": {"action": "explode"}}       | spotInterruption.action
        {"spotInterruption": {"noticeAfter": "5m", "actionAfter": "1m"}} | actionAfter
        {"faults": [{"status": 700}]}             | faults[0].status
        {"faults": [{"type": "meteor"}]}          | faults[0].type
        {"faults": [{"status": 500, "path": "x"}]}        | faults[0]: onPath
        {"faults": {}}                            | faults: expected a JSON array
        {"faults": [{"status": 500, "probability": 2}]}   | faults[0].probability
        {"maintenanceEvents": [{"code": "x", "notBefore": "soon"}]} | maintenanceEvents[0].notBefore
        {"targetLifecycleStates": [{"after": "1m"}]}      | targetLifecycleStates[0].state
        {"throttle": {"mode": "429s"}}            | throttle.mode: expected one of stall, drop, 429
        {"throttle": {"perSecond": -1}}           | throttle.perSecond: expected a whole number
        {"throttle": {"burst": 3}}                | throttle.burst: unknown key
        {"features": ["warp"]}                    | features[0]: expected a feature name, one of
        {"features": "ipv6"}                      | features: expected a JSON array
        [1, 2]                                    | expected a JSON object
        """)
    void config_badContent_namesFileLineAndKey(String json, String expected) throws IOException {
        Path file = write(json);

        assertThatThrownBy(() -> ImdsEmulator.builder().config(file).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":1: ")
                .hasMessageContaining(expected)
                .hasMessageNotContainingAny("com.fasterxml", "Source:", "jackson");
    }

    @Test
    void config_documentedExample_loadsVerbatim() throws Exception {
        String source = Files.readString(
                Path.of("src/main/java/dev/imds4j/emulator/package-info.java"), UTF_8);
        int section = source.indexOf("<h2>Configuration file</h2>");
        int start = source.indexOf("<pre>{@code", section);
        int end = source.indexOf("}</pre>", start);
        assertThat(section).as("configuration section in package-info").isPositive();
        StringBuilder json = new StringBuilder();
        for (String line : source.substring(start + "<pre>{@code".length(), end).split("\n")) {
            json.append(line.replaceFirst("^\\s*\\* ?", "")).append('\n');
        }
        Path file = write(json.toString());

        ManualClock clock = ManualClock.startingAt(T0);
        try (ImdsEmulator emulator = ImdsEmulator.builder().clock(clock).config(file).start()) {
            java.net.URI e = emulator.endpoint();
            assertThat(putToken(emulator).outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
            String token = RawHttp.token(e, 60);
            for (int i = 0; i < 2; i++) {
                assertThat(RawHttp.get(e, MD + "instance-type", token).status()).isEqualTo(503);
            }
            assertThat(RawHttp.get(e, MD + "instance-type", token).text()).isEqualTo("c7g.large");
            assertThat(RawHttp.get(e, MD + "ipv6", token).status()).isEqualTo(200);
            assertThat(RawHttp.get(e, MD + "placement/group-name", token).status())
                    .isEqualTo(200);
            assertThat(emulator.throttling()).hasToString("stall beyond 50/s or 8 at once");
            assertThat(RawHttp.get(e, MD + "tags/instance/Environment", token).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void config_errorDeepInTheFile_namesItsLine() throws IOException {
        Path file = write("""
                {
                  // the token rules
                  "httpTokens": "required",
                  "faults": [
                    {"status": 503},
                    {"status": 700, "times": 2}
                  ],
                  "spotInterruption": {
                    "action": "terminate",
                    "colour": "red"
                  }
                }
                """);

        assertThatThrownBy(() -> ImdsEmulator.builder().config(file).start())
                .hasMessage(file + ":6: faults[1].status: expected a whole number from 200 to "
                        + "599, not '700'");
        Files.writeString(file, Files.readString(file).replace("700", "500"));
        assertThatThrownBy(() -> ImdsEmulator.builder().config(file).start())
                .hasMessageStartingWith(file + ":10: spotInterruption.colour: unknown key; "
                        + "known keys: action, actionAfter, noticeAfter");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        `{\n  "httpTokens": "required",\n}`        | 3:1: expected a key in double quotes
        `{\n  "httpTokens":`                       | 2:16: the file ends before the JSON
        `{\n  httpTokens: 1\n}`                   | 2:3: expected a key in double quotes
        `{"a": 1 "b": 2}`                          | 1:9: expected ',' between entries
        `{\n "features": [],\n "features": []\n}` | 3:2: key 'features' appears twice
        `{"httpTokens": required}`                 | 1:16: not a JSON value
        `{} {}`                                    | 1:4: more content after the end
        ``                                         | 1:1: the file is empty
        """)
    void config_malformedJson_namesLineAndColumnInOurWords(String json, String expected)
            throws IOException {
        Path file = write(json.replace("\\n", "\n"));

        assertThatThrownBy(() -> ImdsEmulator.builder().config(file).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":" + expected)
                .hasMessageNotContainingAny("com.fasterxml", "Source:", "jackson", "(code ");
    }

    @Test
    void config_tokenPutDrop_dropsEveryPutUnlessCounted() throws Exception {
        Path always = write("{\"faults\": [{\"type\": \"tokenPutDrop\"}]}");
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(always).start()) {
            for (int i = 0; i < 2; i++) {
                assertThat(putToken(emulator).outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
            }
        }
        Path once = write("{\"faults\": [{\"type\": \"tokenPutDrop\", \"times\": 1}]}");
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(once).start()) {
            assertThat(putToken(emulator).outcome()).isEqualTo(RawHttp.Outcome.TIMED_OUT);
            assertThat(putToken(emulator).status()).isEqualTo(200);
        }
    }

    private static RawHttp.Response putToken(ImdsEmulator emulator) throws IOException {
        try (RawHttp http = new RawHttp(emulator.endpoint(), Duration.ofMillis(300))) {
            return http.send("PUT", ImdsEmulator.TOKEN_PATH,
                    "X-aws-ec2-metadata-token-ttl-seconds", "60");
        }
    }

    @Test
    void config_featuresAndThrottle_appliedAndRestoredOnReset() throws Exception {
        Path file = write("""
                {"features": ["dedicatedHost", "productCodes"],
                 "throttle": {"mode": "429", "maxConcurrent": 3}}
                """);
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(file).start()) {
            for (int round = 0; round < 2; round++) {
                String token = RawHttp.token(emulator.endpoint(), 60);
                assertThat(RawHttp.get(emulator.endpoint(), MD + "placement/host-id", token)
                        .status()).isEqualTo(200);
                assertThat(RawHttp.get(emulator.endpoint(), MD + "product-codes", token).text())
                        .isNotBlank();
                assertThat(emulator.throttling().mode()).isEqualTo(Throttling.Mode.STATUS_429);
                assertThat(emulator.throttling().maxConcurrent()).isEqualTo(3);
                emulator.feature(InstanceFeature.DEDICATED_HOST, false)
                        .throttle(Throttling.off());
                assertThat(RawHttp.get(emulator.endpoint(), MD + "placement/host-id", token)
                        .status()).isEqualTo(404);
                emulator.reset();
            }
        }
    }

    private static String messageOf(Path file) {
        try (ImdsEmulator started = ImdsEmulator.builder().config(file).start()) {
            throw new AssertionError("started with " + file + " at " + started.endpoint());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void config_notUtf8_namesLineColumnAndByte() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\n  \"httpTokens\": \"caf\u00e9\"\n}".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(messageOf(file)).isEqualTo(file + ":2:21: not UTF-8 text (byte 0xe9); save "
                + "the file as UTF-8");
    }

    @Test
    void config_directory_saysSo() {
        assertThat(messageOf(dir)).isEqualTo(dir + ": is a directory, not a configuration file");
    }

    @Test
    void config_byteOrderMark_skipped() throws Exception {
        Path file = dir.resolve("bom.json");
        Files.write(file, ("\uFEFF{\"httpTokens\": \"optional\"}").getBytes(UTF_8));
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(file).start()) {
            assertThat(RawHttp.once(emulator.endpoint(), "GET", MD + "ami-id").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void config_valueWhereTheInstanceHasAFolder_namesLineAndKey() throws IOException {
        Path folder = write("{\n  \"metadata\": {\n    \"/latest/meta-data/placement\": \"x\"\n"
                + "  }\n}");
        assertThat(messageOf(folder)).isEqualTo(folder + ":3: metadata./latest/meta-data/"
                + "placement: is a folder of the instance (values lie below it), so it cannot be "
                + "a value; set the values below it instead");
        Path below = write("{\"metadata\": {\n \"/latest/meta-data/ami-id/x\": \"v\"}}");
        assertThat(messageOf(below)).isEqualTo(below + ":2: metadata./latest/meta-data/ami-id/x: "
                + "/latest/meta-data/ami-id is a value, so it cannot hold "
                + "/latest/meta-data/ami-id/x; remove it first: \"/latest/meta-data/ami-id\": "
                + "null, before this key");
        // as the message says
        Path fixed = write("{\"metadata\": {\"/latest/meta-data/ami-id\": null,\n"
                + " \"/latest/meta-data/ami-id/x\": \"v\"}}");
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(fixed).start()) {
            assertThat(RawHttp.once(emulator.endpoint(), "GET", MD + "ami-id/x").status())
                    .isIn(200, 401);
        }
    }

    @Test
    void config_nestedTooDeeply_givesAPosition() throws IOException {
        Path file = write("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));
        assertThat(messageOf(file)).isEqualTo(file + ":1:321: nested too deeply: more than 64 "
                + "objects and arrays inside one another");
    }

    @Test
    void config_numberInQuotes_saysItIsAString() throws IOException {
        Path file = write("{\"maxTokenTtlSeconds\": \"100\"}");
        assertThat(messageOf(file)).isEqualTo(file + ":1: maxTokenTtlSeconds: expected a whole "
                + "number from 1 to 21600, not the string \"100\" (numbers go without quotes)");
    }

    @Test
    void config_controlCharacters_escapedInMessages() throws IOException {
        Path key = write("{\"\\u001b[31mcolour\": 1}");
        assertThat(messageOf(key)).startsWith(key + ":1: \\x1b[31mcolour: unknown key;")
                .doesNotContain("\u001b");
        Path path = write("{\"metadata\": {\"/latest/meta-data/\\u001b]0;t\\u0007\": \"v\"}}");
        assertThat(messageOf(path)).contains("/latest/meta-data/\\x1b]0;t\\x07")
                .doesNotContain("\u001b").doesNotContain("\u0007");
        Path raw = write("{\"httpTokens\": \"a\u001bb\"}");
        assertThat(messageOf(raw)).isEqualTo(raw + ":1:18: a control character inside a "
                + "string; JSON needs it escaped, as \\u001b");
        Path invisible = write("{\u200b\"httpTokens\": \"required\"}");
        assertThat(messageOf(invisible)).contains("\\u200b").doesNotContain("\u200b");
    }

    @Test
    void config_unpairedSurrogate_refusedNamingLineAndKey() throws IOException {
        Path value = write("{\"metadata\": {\n  \"/latest/meta-data/x\": \"ab\\ud800cd\"}}");
        assertThat(messageOf(value)).isEqualTo(value + ":2:26: a string in metadata./latest/"
                + "meta-data/x holds an unpaired surrogate \\ud800, which no UTF-8 can carry; "
                + "write the character itself, or both halves of its pair");
        Path low = write("{\"httpTokens\": \"\\udc00\"}");
        assertThat(messageOf(low)).startsWith(low + ":1:").contains("\\udc00,")
                .contains("a string in httpTokens holds");
        Path reversed = write("{\"metadata\": {\"/latest/x\": \"\\ude00\\ud83d\"}}");
        assertThat(messageOf(reversed)).contains("\\ude00");
        Path key = write("{\"metadata\": {\n\"/latest/\\ud800\": \"v\"}}");
        // Jackson refuses these itself, in keys
        assertThat(messageOf(key)).startsWith(key + ":2:")
                .contains("a key holds an unpaired surrogate escape");
        Path lowKey = write("{\"metadata\": {\n\"/latest/\\udc00\": \"v\"}}");
        assertThat(messageOf(lowKey)).startsWith(lowKey + ":2:")
                .contains("a key holds an unpaired surrogate escape");
    }

    @Test
    void config_surrogatePair_servedAsItsUtf8() throws Exception {
        Path file = write("{\"httpTokens\": \"optional\", "
                + "\"metadata\": {\"/latest/meta-data/x\": \"\\ud83d\\ude00\"}}");
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(file).start()) {
            assertThat(RawHttp.once(emulator.endpoint(), "GET", MD + "x").body())
                    .containsExactly(0xf0, 0x9f, 0x98, 0x80);
        }
    }

    @Test
    void put_unpairedSurrogate_refused() throws IOException {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            assertThatThrownBy(() -> emulator.put(MD + "x", "a\ud800"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("put: the value for /latest/meta-data/x holds an unpaired "
                            + "surrogate at index 1; UTF-8 cannot carry it");
            emulator.put(MD + "x", "\ud83d\ude00");
        }
    }

    @ParameterizedTest
    @CsvSource({"/latest/api/token", "/latest/api", "/latest/api/x/y"})
    void config_keyWhereImdsHasItsTokenPath_refused(String path) throws Exception {
        Path file = write("{\"metadata\": {\"" + path + "\": \"x\"}}");
        assertThat(messageOf(file)).isEqualTo(file + ":1: metadata." + path + ": path must not "
                + "be under /latest/api/, which IMDS keeps for its session token and never "
                + "lists: " + path);
        try (ImdsEmulator emulator = ImdsEmulator.start().httpTokens(HttpTokens.OPTIONAL)) {
            assertThatThrownBy(() -> emulator.put(path, "x"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(RawHttp.once(emulator.endpoint(), "GET", "/latest/").text())
                    .isEqualTo("dynamic\nmeta-data\nuser-data");
        }
    }

    @Test
    void config_apiAsAPrefixOfAnotherName_allowed() throws Exception {
        Path file = write("{\"httpTokens\": \"optional\", "
                + "\"metadata\": {\"/latest/apis\": \"x\"}}");
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(file).start()) {
            assertThat(RawHttp.once(emulator.endpoint(), "GET", "/latest/apis").text())
                    .isEqualTo("x");
        }
    }

    @Test
    @Timeout(20)
    void config_fifo_refusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("mkfifo finished").isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        assertThat(messageOf(fifo)).isEqualTo(fifo + ": is not a regular file (a pipe, device "
                + "or socket); give a configuration file");
    }

    @Test
    @Timeout(20)
    void config_endlessDevice_refused() {
        Path zero = Path.of("/dev/zero");
        assertThat(messageOf(zero)).isEqualTo("/dev/zero: is not a regular file (a pipe, device "
                + "or socket); give a configuration file");
    }

    @Test
    void config_over16MiB_refusedWithTheBound() throws IOException {
        Path big = dir.resolve("big.json");
        byte[] bytes = new byte[EmulatorConfig.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '{';
        bytes[bytes.length - 1] = '}';
        Files.write(big, bytes);
        assertThat(messageOf(big)).isEqualTo(big + ": larger than 16 MiB, the most a "
                + "configuration file may hold");
        Files.write(big, java.util.Arrays.copyOf(bytes, EmulatorConfig.MAX_FILE_BYTES - 1));
        Files.write(big, new byte[] {'}'}, java.nio.file.StandardOpenOption.APPEND);
        try (ImdsEmulator emulator = ImdsEmulator.builder().config(big).start()) {
            assertThat(emulator.endpoint()).isNotNull();
        }
    }

    @Test
    void config_missingFile_noSuchFile() {
        assertThatThrownBy(() -> ImdsEmulator.builder().config(dir.resolve("absent.json")).start())
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void durations_parseBothForms() {
        assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Durations.parse("2 weeks")).hasMessageContaining("2 weeks");
        assertThatThrownBy(() -> Durations.parse("PTx")).hasMessageContaining("PTx");
        assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u001b2m", "2m\u0000", "\u001f2m", "2\u001bm", "PT2M\u001c",
        "\u0662m", "2m\u007f"})
    void durations_controlCharactersOrOtherDigits_refused(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a duration: '")
                .hasMessageNotContaining("\u001b").hasMessageNotContaining("\u0000");
    }
}
