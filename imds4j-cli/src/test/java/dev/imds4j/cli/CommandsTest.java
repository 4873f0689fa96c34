/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.MaintenanceEvent;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.SpotAction;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ImdsEmulatorTest(clockStart = "2026-03-01T10:00:00Z")
final class CommandsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String MD = "/latest/meta-data/";

    private final ImdsEmulator emulator;

    CommandsTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private CliRun imds(String... args) {
        return imds(CliRun.PATIENT, args);
    }

    private CliRun imds(Map<String, String> env, String... args) {
        return CliRun.at(emulator.endpoint(), env, args);
    }

    private static Map<String, Object> json(CliRun r) throws IOException {
        assertThat(r.code()).as(r.stderr()).isZero();
        return JSON.std.mapFrom(r.out());
    }

    @Test
    void ls_foldersSlashed() {
        CliRun r = imds("ls", "placement");
        assertThat(r.out()).isEqualTo("availability-zone\navailability-zone-id\nregion\n");
        assertThat(imds("ls").out().split("\n")).contains("iam/", "ami-id", "public-keys/");
        assertThat(imds("ls", "/latest/meta-data/nothing/").code()).isEqualTo(3);
    }

    @Test
    void tree_linesAndJson() throws IOException {
        CliRun lines = imds("tree", "/latest/meta-data/placement");
        assertThat(lines.out()).isEqualTo("/latest/meta-data/placement/availability-zone = "
                + "eu-west-1a\n/latest/meta-data/placement/availability-zone-id = euw1-az1\n"
                + "/latest/meta-data/placement/region = eu-west-1\n");
        assertThat(lines.stderr()).isEmpty();

        Map<String, Object> tree = json(imds("tree", "--json"));
        assertThat(tree).containsEntry("ami-id", "ami-0c1c30571d2dae5c9");
        assertThat(tree.get("placement")).isEqualTo(Map.of("availability-zone", "eu-west-1a",
                "availability-zone-id", "euw1-az1", "region", "eu-west-1"));
        assertThat(((Map<?, ?>) tree.get("public-keys")).get("0"))
                .isEqualTo(Map.of("openssh-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGN0dW1teS1"
                        + "rZXktZm9yLWltZHM0ai1kZW1v imds4j-demo-key\n"));
        assertThat(imds("tree", "/latest/meta-data/iam/").out())
                .contains("security-credentials/imds4j-demo-role = {\\n");
    }

    @Test
    void tree_progressOnlyWhenStderrIsATerminal() {
        String placement = "/latest/meta-data/placement/";
        CliRun typed = CliRun.at(emulator.endpoint(), CliRun.PATIENT, "tree", placement);
        assertThat(typed.stderr()).isEmpty();

        CliRun seen = CliRun.onTerminal(Map.of("AWS_METADATA_SERVICE_TIMEOUT", "30"),
                "--endpoint", emulator.endpoint().toString(), "tree", placement);
        assertThat(seen.code()).as(seen.stderr()).isZero();
        assertThat(seen.out()).isEqualTo(typed.out());
        assertThat(seen.stderr()).contains("\r\033[K1 request: " + placement
                + "availability-zone").contains("3 requests: " + placement + "region")
                .endsWith("\r\033[K");
    }

    @Test
    void identityAndRegion() throws IOException {
        Map<String, Object> id = json(imds("identity"));
        assertThat(id).containsEntry("instanceId", "i-0b22a22eec53b9321")
                .containsEntry("region", "eu-west-1").containsEntry("pendingTime", T0.toString())
                .containsEntry("kernelId", null);
        assertThat(imds("region").out()).isEqualTo("eu-west-1\n");
    }

    @Test
    void credentials_summaryHoldsNoSecret_formatsHandTheSetOver(ManualClock clock)
            throws IOException {
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Map<String, Object> full = json(imds("credentials", "--format", "json"));
        String secret = (String) full.get("SecretAccessKey");
        String token = (String) full.get("Token");
        assertThat(full).containsEntry("RoleName", "imds4j-demo-role")
                .containsEntry("AccountId", "123456789012");

        CliRun summary = imds("credentials");
        assertThat(summary.out()).contains("role:          imds4j-demo-role")
                .contains("access key id: " + full.get("AccessKeyId"))
                .contains("expiration:    " + full.get("Expiration"))
                .doesNotContain(secret).doesNotContain(token);

        assertThat(imds("credentials", "--format", "env").out()).isEqualTo(
                "export AWS_ACCESS_KEY_ID='" + full.get("AccessKeyId") + "'\n"
                        + "export AWS_SECRET_ACCESS_KEY='" + secret + "'\n"
                        + "export AWS_SESSION_TOKEN='" + token + "'\n"
                        + "export AWS_CREDENTIAL_EXPIRATION='" + full.get("Expiration") + "'\n");

        Map<String, Object> process = json(imds("credentials", "--format",
                "credential-process"));
        assertThat(process).containsExactly(Map.entry("Version", 1),
                Map.entry("AccessKeyId", full.get("AccessKeyId")),
                Map.entry("SecretAccessKey", secret), Map.entry("SessionToken", token),
                Map.entry("Expiration", full.get("Expiration")));

        assertThat(imds("credentials", "--format", "yaml").code()).isEqualTo(2);
    }

    @Test
    void credentials_role_overridesDiscovery() throws IOException {
        emulator.put(MD + "iam/security-credentials/other", "{\"Code\":\"Success\","
                + "\"AccessKeyId\":\"ASIAOTHER\",\"SecretAccessKey\":\"x-secret-x\","
                + "\"Token\":\"x-token-x\",\"Expiration\":\"" + Instant.now().plusSeconds(3600)
                + "\"}");
        CliRun r = imds("credentials", "--role", "other");
        assertThat(r.out()).contains("role:          other").contains("ASIAOTHER");
        assertThat(imds("credentials", "--role", "missing").code()).isEqualTo(3);
    }

    @Test
    void userData_exactDecompressedOrAbsent() throws IOException {
        byte[] script = "#!/bin/sh\necho hi\n".getBytes(UTF_8);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(script);
        }
        emulator.put("/latest/user-data", gz.toByteArray());
        assertThat(imds("user-data").stdout()).isEqualTo(gz.toByteArray());
        assertThat(imds("user-data", "--decompress").stdout()).isEqualTo(script);

        emulator.remove("/latest/user-data");
        CliRun absent = imds("user-data");
        assertThat(absent.code()).isEqualTo(3);
        assertThat(absent.stderr()).isEqualTo("imds: this instance has no user data\n");
    }

    @Test
    void tags_linesJsonAndEmptyWhenOff() throws IOException {
        assertThat(imds("tags").out()).isEqualTo("Environment=test\nName=imds4j-demo\n");
        assertThat(json(imds("tags", "--json")))
                .isEqualTo(Map.of("Environment", "test", "Name", "imds4j-demo"));
        emulator.instanceMetadataTags(false);
        CliRun off = imds("tags");
        assertThat(off.code()).isZero();
        assertThat(off.out()).isEmpty();
    }

    @Test
    void events_textAndJson() throws IOException {
        CliRun quiet = imds("events");
        assertThat(quiet.out()).isEqualTo("spot interruption:        none\n"
                + "rebalance recommendation: none\nscheduled maintenance:    none\n"
                + "target lifecycle state:   InService\n");

        emulator.scheduleSpotInterruption(SpotAction.TERMINATE, T0, T0.plusSeconds(120))
                .scheduleRebalanceRecommendation(T0)
                .scheduleMaintenanceEvent(new MaintenanceEvent("system-reboot", "reboot",
                        "instance-event-1", T0.plusSeconds(3600), T0.plusSeconds(7200), "active"),
                        T0);
        assertThat(imds("events").out()).contains(
                "spot interruption:        terminate at 2026-03-01T10:02:00Z",
                "rebalance recommendation: issued 2026-03-01T10:00:00Z",
                "scheduled maintenance:    1 event\n  system-reboot instance-event-1 from "
                        + "2026-03-01T11:00:00Z to 2026-03-01T12:00:00Z (active)");

        Map<String, Object> all = json(imds("events", "--json"));
        assertThat(all).containsEntry("spotInstanceAction",
                Map.of("action", "terminate", "time", "2026-03-01T10:02:00Z"))
                .containsEntry("rebalanceRecommendation",
                        Map.of("noticeTime", "2026-03-01T10:00:00Z"))
                .containsEntry("autoscalingTargetLifecycleState", "InService");
        assertThat((List<?>) all.get("scheduledMaintenanceEvents")).hasSize(1);
    }

    @Test
    void watch_printsEachNewNoticeAsJsonLine_exitsOnNotice(ManualClock clock) throws Exception {
        CompletableFuture<CliRun> watching = CompletableFuture.supplyAsync(() ->
                imds("watch", "--interval", "20ms", "--exit-on-notice"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (emulator.requestCount() < 12) { // three polls with nothing to say
            assertThat(System.nanoTime() - deadline).as("three polls within 20 s, saw "
                    + emulator.requestCount() + " requests").isNegative();
            assertThat(watching).as("watch ended early").isNotDone();
            Thread.sleep(5);
        }
        assertThat(watching).isNotDone();
        emulator.scheduleSpotInterruption(SpotAction.STOP, T0.plusSeconds(1),
                T0.plusSeconds(121));
        clock.advance(Duration.ofSeconds(1));

        CliRun r = watching.get(10, TimeUnit.SECONDS);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\"type\":\"spot-interruption\",\"action\":\"stop\","
                + "\"time\":\"2026-03-01T10:02:01Z\"}\n");
    }

    @Test
    void watch_imdsTurnedOffForTheInstance_exit5() throws Exception {
        emulator.httpEndpoint(false);
        CompletableFuture<CliRun> watching = CompletableFuture.supplyAsync(() ->
                imds("watch", "--interval", "10ms"));
        CliRun r = watching.get(30, TimeUnit.SECONDS); // waits for: watch to exit
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.stderr()).contains("403").hasLineCount(1);
    }

    @Test
    void watch_lifecycleChangeIsANotice() throws Exception {
        emulator.scheduleTargetLifecycleState("Terminated", T0);
        CliRun r = imds("watch", "--interval", "20ms", "--exit-on-notice");
        assertThat(r.out()).isEqualTo(
                "{\"type\":\"target-lifecycle-state\",\"state\":\"Terminated\"}\n");
    }

    /** One setting of {@code imds config --json}: its value, source and problem. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> setting(Map<String, Object> config, String name) {
        return (Map<String, Object>) ((Map<String, Object>) config.get("settings")).get(name);
    }

    @Test
    void config_textAndJson_sourcesNamed_noTraffic(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "[profile p]\nmetadata_service_num_attempts = 3\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", file.toString(),
                "AWS_METADATA_SERVICE_TIMEOUT", "0.5");
        String endpoint = emulator.endpoint().toString();
        Map<String, Object> c = json(CliRun.run(env, "--profile", "p", "--ttl", "300",
                "config", "--json", "--endpoint", endpoint));

        assertThat(c).containsEntry("valid", true).containsEntry("notes", List.of());
        assertThat(setting(c, "endpoint")).containsEntry("value", endpoint)
                .containsEntry("source", "flag --endpoint").containsEntry("sourceKind", "BUILDER")
                .containsEntry("problem", null);
        assertThat(setting(c, "endpointMode")).containsEntry("value", "IPv4")
                .containsEntry("source", "default");
        assertThat(setting(c, "profile")).containsEntry("value", "p")
                .containsEntry("source", "flag --profile");
        assertThat(setting(c, "tokenTtl")).containsEntry("value", "300 s")
                .containsEntry("source", "flag --ttl");
        assertThat(setting(c, "maxAttempts")).containsEntry("value", "3")
                .containsEntry("source", file + ", profile p, key metadata_service_num_attempts")
                .containsEntry("sourceKind", "CONFIG_FILE");
        assertThat(setting(c, "connectTimeout")).containsEntry("value", "0.5 s")
                .containsEntry("source", "environment variable AWS_METADATA_SERVICE_TIMEOUT");
        assertThat(setting(c, "readTimeout")).containsEntry("value", "0.5 s");
        assertThat(setting(c, "operationTimeout")).containsEntry("value", "10 s");
        assertThat(setting(c, "maxConnections")).containsEntry("value", "8");
        assertThat(setting(c, "connectRetry")).containsEntry("value", "AUTO");
        assertThat(setting(c, "host")).containsEntry("sourceKind", "DERIVED");
        assertThat(setting(c, "disabled")).containsEntry("value", "false");

        CliRun text = CliRun.run(Map.of(), "config");
        assertThat(text.code()).isZero();
        assertThat(text.out()).contains("endpoint             http://169.254.169.254\n"
                + "                       from endpoint mode IPV4 (default)\n");
        CliRun named = CliRun.at(endpoint, Map.of(), "config");
        assertThat(named.out()).contains("endpoint             " + endpoint + "\n");
        assertThat(emulator.requestCount()).as("requests sent by config").isZero();
    }

    @Test
    void config_invalidSettings_allShownWithSourceAndProblem_exit2(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "[default]\nmetadata_service_num_attempts: 99\n");
        Map<String, String> env = Map.of("AWS_CONFIG_FILE", file.toString(),
                "AWS_METADATA_SERVICE_TIMEOUT", "0.0001",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:0");
        CliRun text = CliRun.run(env, "config");
        CliRun jsonRun = CliRun.run(env, "config", "--json");

        assertThat(text.code()).isEqualTo(2);
        assertThat(text.out()).contains("endpoint             INVALID 'http://127.0.0.1:0'\n"
                + "                       from environment variable "
                + "AWS_EC2_METADATA_SERVICE_ENDPOINT\n")
                .contains("the port must be 1 to 65535")
                .contains("connectTimeout       INVALID '0.0001'")
                .contains("maxAttempts          INVALID '99'")
                .contains(file + ", profile default, key metadata_service_num_attempts")
                .contains("profile              default\n");
        assertThat(text.stderr()).isEqualTo("imds: invalid settings: endpoint, maxAttempts, "
                + "connectTimeout, readTimeout\n");
        assertThat(jsonRun.code()).isEqualTo(2);
        Map<String, Object> c = JSON.std.mapFrom(jsonRun.out());
        assertThat(c).containsEntry("valid", false);
        assertThat((String) setting(c, "connectTimeout").get("problem"))
                .contains("expected a number of seconds from 0.001 to 3600");
        assertThat(setting(c, "operationTimeout")).containsEntry("problem", null);
    }

    @Test
    void config_profileNotDefined_saysSo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "[profile real]\nregion = x\n");
        CliRun r = CliRun.run(Map.of("AWS_CONFIG_FILE", file.toString()), "--profile",
                "nosuch", "config");

        assertThat(r.code()).isZero();
        // the note names the flag, as the table does, not the client's builder
        assertThat(r.out()).contains("note: profile 'nosuch' (flag --profile) is not defined in "
                + file + "; its settings come from the environment and the defaults")
                .contains("profile              nosuch\n                       from flag "
                        + "--profile\n")
                .doesNotContain("(builder)");
    }

    @Test
    void config_brokenLineInTheProfileInUse_namesFileAndLine(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, "[default]\nnot a setting\n[profile fine]\na = 1\n");
        CliRun broken = CliRun.run(Map.of("AWS_CONFIG_FILE", file.toString()), "config");
        CliRun fine = CliRun.run(Map.of("AWS_CONFIG_FILE", file.toString()), "--profile",
                "fine", "config");

        assertThat(broken.code()).isEqualTo(2);
        assertThat(broken.out()).contains("profile              INVALID 'default'")
                .contains("AWS config file " + file + ", line 2: expected 'key = value'");
        assertThat(fine.code()).isZero();
    }

    /** {@code imds serve ARGS...} in-process, on a thread of its own, until {@link #stop}. */
    private static final class Serving {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int[] code = {-1};
        final Thread thread;
        final URI endpoint;

        Serving(String... args) throws Exception {
            PipedOutputStream pipe = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(pipe);
            String[] line = new String[args.length + 1];
            line[0] = "serve";
            System.arraycopy(args, 0, line, 1, args.length);
            thread = new Thread(() -> code[0] = Cli.run(line, new PrintStream(pipe, true, UTF_8),
                    new PrintStream(err, true, UTF_8), Map.of()), "imds-serve");
            thread.start();
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(in, UTF_8)).readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(20, TimeUnit.SECONDS);
            assertThat(first).as("serve's first line, within 20 s").startsWith(
                    "listening on http://127.0.0.1:");
            endpoint = URI.create(first.substring("listening on ".length()));
        }

        /** Interrupts serve, as SIGTERM does, and returns its exit code. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(5000);
            assertThat(thread.isAlive()).as("serve stopped within 5 s of the interrupt").isFalse();
            return code[0];
        }
    }

    @Test
    void serve_firstLineListening_scenarioFlags_stopsOnInterrupt() throws Exception {
        Serving serve = new Serving("--port", "0", "--spot-in", "0s", "--spot-action",
                "hibernate", "--terminate-in", "0s", "--log");

        Map<String, Object> notices = json(CliRun.at(serve.endpoint, CliRun.PATIENT, "events",
                "--json"));
        assertThat(((Map<?, ?>) notices.get("spotInstanceAction")).get("action"))
                .isEqualTo("hibernate");
        assertThat(notices).containsEntry("autoscalingTargetLifecycleState", "Terminated");

        assertThat(serve.stop()).isZero();
        assertThat(serve.err.toString(UTF_8)).contains("imds: #0 PUT /latest/api/token -> 200");
    }

    @Test
    void serve_featuresAndThrottling_fromFlags(@TempDir Path dir) throws Exception {
        // a stalled path, to hold the one request slot the throttle allows
        Path config = dir.resolve("stall.json");
        Files.writeString(config, "{\"faults\": [{\"type\": \"stall\", \"path\": "
                + "\"/latest/meta-data/instance-id\", \"times\": \"always\"}]}");
        Serving serve = new Serving("--port", "0", "--feature", "ipv6", "--feature",
                "placementGroup", "--throttle-concurrency", "1", "--throttle-mode", "drop",
                "--imdsv1", "--config", config.toString());
        URI endpoint = serve.endpoint;

        CliRun group = CliRun.at(endpoint, CliRun.PATIENT, "get",
                "/latest/meta-data/placement/group-name");
        assertThat(group.code()).as(group.stderr()).isZero();
        assertThat(group.out()).isNotBlank();
        CliRun macs = CliRun.at(endpoint, CliRun.PATIENT, "tree", "--json",
                "/latest/meta-data/network/interfaces/macs/");
        assertThat(macs.code()).as(macs.stderr()).isZero();
        assertThat(macs.out()).contains("ipv6s");

        // IMDSv1 (--imdsv1): the held GET needs no token
        try (java.net.Socket held = new java.net.Socket(endpoint.getHost(), endpoint.getPort())) {
            held.getOutputStream().write(("GET /latest/meta-data/instance-id HTTP/1.1\r\n"
                    + "Host: " + endpoint.getAuthority() + "\r\n\r\n").getBytes(UTF_8));
            held.getOutputStream().flush();
            // once the held GET has the slot, the next request is dropped: closed unanswered
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            CliRun dropped;
            do {
                assertThat(System.nanoTime() - deadline).as("a dropped request within 20 s")
                        .isNegative();
                dropped = CliRun.at(endpoint, CliRun.PATIENT, "--attempts", "1", "get",
                        "ami-id");
            } while (dropped.code() == 0);
            assertThat(dropped.code()).as(dropped.stderr()).isEqualTo(4);
            assertThat(dropped.stderr()).contains("closed");
        }
        assertThat(serve.stop()).isZero();
    }

    @Test
    void serve_badFeatureOrThrottleMode_exit2NamingTheChoices() {
        CliRun feature = CliRun.run(Map.of(), "serve", "--port", "0", "--feature", "nope");
        CliRun mode = CliRun.run(Map.of(), "serve", "--port", "0", "--throttle-rate", "5",
                "--throttle-mode", "slow");
        CliRun alone = CliRun.run(Map.of(), "serve", "--port", "0", "--throttle-mode", "drop");

        assertThat(feature.code()).isEqualTo(2);
        assertThat(feature.stderr()).contains("--feature: unknown feature 'nope'; known: ipv6, ");
        assertThat(mode.code()).isEqualTo(2);
        assertThat(mode.stderr()).contains("expected stall, drop or 429, not 'slow'");
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.stderr()).contains("--throttle-mode needs --throttle-rate or "
                + "--throttle-concurrency");
    }

    @Test
    void serve_badConfig_exit2() throws IOException {
        CliRun r = CliRun.run(Map.of(), "serve", "--port", "0", "--config", "/no/such.json");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: --config: no such file: /no/such.json "
                + "(see 'imds serve --help')\n");
        assertThat(CliRun.run(Map.of(), "serve", "--port", "99999").code()).isEqualTo(2);
        assertThat(CliRun.run(Map.of(), "serve", "--spot-action", "explode").code())
                .isEqualTo(2);
    }

    // ---- issue 12 ------------------------------------------------------------------------------

    @Test
    void ls_onAValue_saysUseGet_exit2() {
        for (String path : new String[] {"ami-id", "ami-id/", "/latest/meta-data/placement/region",
            "/latest/user-data"}) {
            CliRun r = imds("ls", path);
            assertThat(r.code()).as(path).isEqualTo(2);
            String value = MetadataPath.of(path.endsWith("/")
                    ? path.substring(0, path.length() - 1) : path, "ls");
            assertThat(r.stderr()).isEqualTo("imds: " + value + " is a value, not a folder; use: "
                    + "imds get " + value + " (see 'imds ls --help')\n");
        }
        assertThat(imds("tree", "instance-id").stderr()).startsWith(
                "imds: /latest/meta-data/instance-id is a value, not a folder");
        assertThat(imds("ls", "nothing/").code()).isEqualTo(3);
        assertThat(imds("ls", "nothing/more/").code()).isEqualTo(3);
    }

    @Test
    void ls_json_andHostileNamesEscaped() throws IOException {
        assertThat(JSON.std.listFrom(imds("ls", "--json", "placement").out()))
                .containsExactly("availability-zone", "availability-zone-id", "region");
        emulator.put(MD + "tags/instance/back\\slash", "x");
        assertThat(imds("ls", "tags/instance").out()).contains("\nback\\\\slash\n");
        assertThat(JSON.std.listFrom(imds("ls", "--json", "tags/instance").out()))
                .contains("back\\slash");
    }

    @Test
    void tags_valuesWithLineBreaksStayOnOneLine_jsonExact() throws IOException {
        emulator.remove(MD + "tags/instance/");
        emulator.put(MD + "tags/instance/Multi", "line one\nline two\\n\u001b[2J");
        emulator.put(MD + "tags/instance/a=b", "c");
        assertThat(imds("tags").out()).isEqualTo(
                "Multi=line one\\nline two\\\\n\\x1b[2J\na\\x3db=c\n");
        assertThat(json(imds("tags", "--json"))).isEqualTo(Map.of(
                "Multi", "line one\nline two\\n\u001b[2J", "a=b", "c"));
        assertThat(imds("tree", MD + "tags/instance/").out()).contains(
                "/latest/meta-data/tags/instance/Multi = line one\\nline two\\\\n\\x1b[2J\n");
    }

    @Test
    void identity_printedAsServed_byteForByte() {
        byte[] served = ("{\r\n  \"version\" : \"2017-09-30\",\r\n  \"billingProducts\" : null,"
                + "\r\n  \"devpayProductCodes\" : null,\r\n  \"marketplaceProductCodes\" : null,"
                + "\r\n  \"instanceId\" : \"i-0b22a22eec53b9321\",\r\n  \"accountId\" : "
                + "\"123456789012\"\r\n}").getBytes(UTF_8);
        emulator.put(IdentityCommand.DOCUMENT, served);
        assertThat(imds("identity").stdout()).isEqualTo(served);
        assertThat(imds("identity", "--json").stdout()).isEqualTo(served);
    }

    @Test
    void credentials_noRoleAttached_saysSo_exit3() {
        emulator.remove(MD + "iam/");
        CliRun r = imds("credentials");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.stderr()).startsWith("imds: no IAM role is attached to this instance (GET "
                + "/latest/meta-data/iam/security-credentials/ at " + emulator.endpoint()
                + ": 404 Not Found)").hasLineCount(1);
        CliRun named = imds("credentials", "--role", "other");
        assertThat(named.code()).isEqualTo(3);
        assertThat(named.stderr()).startsWith("imds: no credentials for --role 'other': it is "
                + "not the IAM role attached to this instance, or none is attached");
        CliRun configured = imds(Map.of("AWS_EC2_INSTANCE_PROFILE_NAME", "gone",
                "AWS_METADATA_SERVICE_TIMEOUT", "30"), "credentials", "--json");
        assertThat(configured.stderr()).startsWith("imds: no credentials for role 'gone' (from "
                + "environment variable AWS_EC2_INSTANCE_PROFILE_NAME)");
    }

    @Test
    void json_onEveryCommandThatPrintsStructuredData() throws Exception {
        emulator.scheduleSpotInterruption(SpotAction.STOP, T0, T0.plusSeconds(120));
        String[][] commands = {{"get", "ami-id"}, {"ls"}, {"tree", "placement"}, {"identity"},
            {"region"}, {"credentials"}, {"tags"}, {"events"}, {"config"},
            {"watch", "--exit-on-notice", "--interval", "20ms"}};
        for (String[] command : commands) {
            String[] line = java.util.Arrays.copyOf(command, command.length + 1);
            line[command.length] = "--json";
            CliRun r = imds(line);
            assertThat(r.code()).as(String.join(" ", line) + ": " + r.stderr()).isZero();
            assertThat(JSON.std.anyFrom(r.out())).as(String.join(" ", line)).isNotNull();
        }
        for (String command : new String[] {"user-data", "serve", "completion"}) {
            CliRun r = CliRun.run(Map.of(), command, "--json");
            assertThat(r.code()).as(command).isEqualTo(2);
            assertThat(r.stderr()).isEqualTo("imds: unknown option '--json' (see 'imds "
                    + command + " --help')\n");
        }
    }

    @Test
    void watch_exitOnNotice_printsOnlyTheFirst_whenSeveralAreNew() {
        emulator.scheduleSpotInterruption(SpotAction.TERMINATE, T0, T0.plusSeconds(120))
                .scheduleRebalanceRecommendation(T0)
                .scheduleTargetLifecycleState("Terminated", T0);
        CliRun r = imds("watch", "--interval", "20ms", "--exit-on-notice");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("{\"type\":\"spot-interruption\",\"action\":\"terminate\","
                + "\"time\":\"2026-03-01T10:02:00Z\"}\n");
    }

    @Test
    void serve_addressInUse_namesTheAddress_exit2() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun r = CliRun.run(Map.of(), "serve", "--port", String.valueOf(port));
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.stderr()).isEqualTo("imds: cannot listen on 127.0.0.1:" + port
                    + ": address already in use; another server has it: choose another --port, "
                    + "or --port 0 (see 'imds serve --help')\n");
        }
    }

    @Test
    void serve_unknownHost_exit2() {
        CliRun r = CliRun.run(Map.of(), "serve", "--port", "0", "--host", "no such host");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: --host: cannot resolve 'no such host' "
                + "(see 'imds serve --help')\n");
    }

    // ---- credentials: exact values or none; --role -------------------------------------------

    private void serveCredentials(String accessKeyId, String secretJson) {
        emulator.extendedCredentials(false);
        emulator.put(MD + "iam/security-credentials/imds4j-demo-role", "{\"Code\":\"Success\","
                + "\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretJson
                + "\",\"Token\":\"tok\",\"Expiration\":\"" + Instant.now().plusSeconds(3600)
                + "\"}");
    }

    @Test
    void credentials_loneSurrogate_refusedInEveryFormatThatPrintsIt() {
        serveCredentials("ASIAOK", "sec\\ud800ret");
        for (String[] line : new String[][] {{"--format", "env"},
            {"--format", "credential-process"}, {"--format", "json"},
            {"--json", "--show-secrets"}}) {
            CliRun r = imds(cat(new String[] {"credentials"}, line));
            assertThat(r.code()).as(String.join(" ", line)).isEqualTo(1);
            assertThat(r.stdout()).as(String.join(" ", line)).isEmpty();
            assertThat(r.stderr()).as(String.join(" ", line)).isEqualTo("imds: the "
                    + "credentials' SecretAccessKey holds an unpaired surrogate (\\ud800), which "
                    + "is not text and has no UTF-8 form; refusing to print it changed\n");
        }
        // where the secret is not printed, nothing is changed and nothing refused
        assertThat(imds("credentials").code()).isZero();
        assertThat(imds("credentials", "--json").code()).isZero();

        serveCredentials("ASIA\\udc00", "secret");
        CliRun summary = imds("credentials");
        assertThat(summary.code()).isEqualTo(1);
        assertThat(summary.stderr()).contains("AccessKeyId holds an unpaired surrogate");
    }

    @Test
    void credentials_nul_refusedForTheShellOnly() throws IOException {
        serveCredentials("ASIAOK", "a\\u0000b");
        CliRun env = imds("credentials", "--format", "env");
        assertThat(env.code()).isEqualTo(1);
        assertThat(env.stderr()).contains("NUL");
        assertThat(json(imds("credentials", "--format", "json")))
                .containsEntry("SecretAccessKey", "a\u0000b");
    }

    private static String[] cat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void credentials_role_validatedByTheProvider_namingTheFlag() {
        for (String role : new String[] {"", "a/b", "..", "x y", "\u001b[2J"}) {
            CliRun r = imds("credentials", "--role", role);
            assertThat(r.code()).as(role).isEqualTo(2);
            assertThat(r.stderr()).as(role).startsWith("imds: --role: not an IAM role name "
                    + "(one path segment): '").doesNotContain("AWS_EC2_INSTANCE_PROFILE_NAME")
                    .doesNotContain("\u001b").hasLineCount(1);
        }
        assertThat(emulator.requestCount()).as("requests sent for refused roles").isZero();
    }

    // ---- redaction in tags and tree ------------------------------------------------------------

    @Test
    void tags_secretFieldsRedacted_unlessShowSecrets() throws IOException {
        emulator.put(MD + "tags/instance/Creds", "{\"Token\":\"tag-secret-1\","
                + "\"secretAccessKey\":\"tag-secret-2\"}");
        CliRun text = imds("tags");
        assertThat(text.out()).contains("Creds={\"Token\":\"<redacted>\","
                + "\"secretAccessKey\":\"<redacted>\"}\n").doesNotContain("tag-secret");
        assertThat(json(imds("tags", "--json"))).containsEntry("Creds",
                "{\"Token\":\"<redacted>\",\"secretAccessKey\":\"<redacted>\"}");
        assertThat(imds("tags", "--show-secrets").out()).contains("tag-secret-1", "tag-secret-2");
        assertThat(imds("tags", "--json", "--show-secrets").out()).contains("tag-secret-1");
    }

    @Test
    void tree_valueUnderACredentialsFolderThatIsNotAJsonObject_redactedWhole()
            throws IOException {
        String creds = MD + "iam/security-credentials/";
        emulator.put(creds + "raw", "RAWSECRET1");
        emulator.put(creds + "quoted", "\"RAWSECRET2\"");
        emulator.put(creds + "binary", new byte[] {'R', 'A', 'W', (byte) 0xff, 'S', '3'});
        emulator.put(MD + "identity-credentials/ec2/security-credentials/other", "RAWSECRET4");
        for (String[] line : new String[][] {{"tree"}, {"tree", "--json"}, {"tree", "iam/"},
            {"get", "--json", creds + "raw", creds + "quoted", creds + "binary"}}) {
            CliRun r = imds(line);
            assertThat(r.code()).as(String.join(" ", line)).isZero();
            assertThat(r.out()).as(String.join(" ", line)).doesNotContain("RAWSECRET")
                    .doesNotContain("UkFX"); // base64 of the binary one
        }
        assertThat(imds("tree", "iam/security-credentials/").out())
                .contains(creds + "raw = <redacted>\n", creds + "quoted = <redacted>\n",
                        creds + "binary = <redacted>\n")
                .contains("imds4j-demo-role = {\\n  \"Code\" : \"Success\"");
        assertThat(json(imds("get", "--json", creds + "raw"))).containsEntry(creds + "raw",
                "<redacted>");
        // asked for: by --show-secrets, or by name
        assertThat(imds("tree", "--show-secrets", "iam/").out())
                .contains(creds + "raw = RAWSECRET1\n");
        assertThat(imds("get", creds + "raw").out()).isEqualTo("RAWSECRET1");
    }

    @Test
    void tree_valuesNotUtf8_documentedFormUnambiguous() throws IOException {
        emulator.put(MD + "bin", new byte[] {(byte) 0xff, 0, 1});
        emulator.put(MD + "looksLikeIt", "<3 bytes, not UTF-8 text: base64 /wAB>");
        emulator.put(MD + "lt", "<redacted>");
        CliRun text = imds("tree");
        assertThat(text.out()).contains(MD + "bin = <3 bytes, not UTF-8 text: base64 /wAB>\n",
                MD + "looksLikeIt = \\x3c3 bytes, not UTF-8 text: base64 /wAB>\n",
                MD + "lt = \\x3credacted>\n").doesNotContain("{base64=");
        Map<String, Object> tree = json(imds("tree", "--json"));
        assertThat(tree).containsEntry("bin", Map.of("base64", "/wAB"))
                .containsEntry("looksLikeIt", "<3 bytes, not UTF-8 text: base64 /wAB>");
    }

    // ---- config shows a bad flag as it shows a bad variable -------------------------------------

    @Test
    void config_badFlags_shownInvalid_exit2() throws IOException {
        CliRun text = CliRun.run(Map.of(), "config", "--attempts", "0", "--timeout", "soon",
                "--endpoint", "http://user:hunter2@127.0.0.1:1");
        assertThat(text.code()).isEqualTo(2);
        assertThat(text.out()).contains("endpoint             INVALID "
                + "'http://<redacted>@127.0.0.1:1'\n                       from flag "
                + "--endpoint\n                       invalid value "
                + "'http://<redacted>@127.0.0.1:1': user info, query and fragment are not "
                + "allowed\n")
                .contains("maxAttempts          INVALID '0'\n                       from flag "
                        + "--attempts\n                       invalid value '0': must be 1 to 20\n")
                .contains("operationTimeout     INVALID 'soon'\n")
                .contains("connectTimeout       1 s\n").doesNotContain("hunter2");
        assertThat(text.stderr()).isEqualTo("imds: invalid settings: endpoint, maxAttempts, "
                + "operationTimeout\n");

        CliRun jsonRun = CliRun.run(Map.of(), "config", "--json", "--endpoint-mode", "IPv7");
        assertThat(jsonRun.code()).isEqualTo(2);
        Map<String, Object> c = JSON.std.mapFrom(jsonRun.out());
        assertThat(c).containsEntry("valid", false);
        assertThat(setting(c, "endpointMode")).containsEntry("value", "IPv7")
                .containsEntry("source", "flag --endpoint-mode")
                .containsEntry("problem", "invalid value 'IPv7': expected IPv4 or IPv6");
    }

    // ---- small things ---------------------------------------------------------------------------

    @Test
    void serve_spotActionWithoutSpotIn_refused() {
        CliRun r = CliRun.run(Map.of(), "serve", "--port", "0", "--spot-action", "stop");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("imds: --spot-action needs --spot-in, which schedules "
                + "the interruption it names (see 'imds serve --help')\n");
    }

    @Test
    void ls_publicKeys_showsTheServedNames_jsonThePaths() throws IOException {
        emulator.put(MD + "public-keys/1/openssh-key", "ssh-ed25519 AAAA second");
        emulator.put(MD + "public-keys/0/openssh-key", "ssh-ed25519 AAAA first");
        CliRun text = imds("ls", "public-keys/");
        assertThat(text.out()).isEqualTo("0=first\n1=second\n");
        assertThat(JSON.std.listFrom(imds("ls", "--json", "public-keys").out()))
                .containsExactly("0/", "1/");
        assertThat(imds("ls", "public-keys/0/").out()).isEqualTo("openssh-key\n");
    }

    private void serveUserData(byte[] bytes) {
        emulator.put("/latest/user-data", bytes);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(text.getBytes(UTF_8));
        }
        return gz.toByteArray();
    }

    @Test
    void userData_decompress_strict_saysWhatIsWrong() throws IOException {
        byte[] one = gzip("part1\n");
        byte[] two = gzip("part2\n");
        byte[] both = java.util.Arrays.copyOf(one, one.length + two.length + 3);
        System.arraycopy(two, 0, both, one.length, two.length); // then three zero bytes
        serveUserData(both);
        assertThat(imds("user-data", "--decompress").out()).isEqualTo("part1\npart2\n");

        byte[] trailing = java.util.Arrays.copyOf(one, one.length + 5);
        System.arraycopy("JUNK!".getBytes(UTF_8), 0, trailing, one.length, 5);
        serveUserData(trailing);
        CliRun junk = imds("user-data", "--decompress");
        assertThat(junk.code()).isEqualTo(1);
        assertThat(junk.stdout()).isEmpty();
        assertThat(junk.stderr()).isEqualTo("imds: the user data is not valid gzip: it has 5 "
                + "bytes after its gzip data that are not gzip; refusing to drop them "
                + "(cloud-init would not decompress it either)\n");

        serveUserData(java.util.Arrays.copyOf(one, one.length - 6));
        assertThat(imds("user-data", "--decompress").stderr()).isEqualTo("imds: the user data "
                + "is not valid gzip: it ends before its gzip data does (truncated?)\n");

        byte[] corrupt = one.clone();
        corrupt[10] = (byte) 0xff;
        corrupt[11] = (byte) 0xff;
        serveUserData(corrupt);
        CliRun bad = imds("user-data", "--decompress");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.stderr()).startsWith("imds: the user data is not valid gzip: ")
                .hasLineCount(1);

        byte[] crc = one.clone();
        crc[crc.length - 8] ^= 1;
        serveUserData(crc);
        assertThat(imds("user-data", "--decompress").stderr()).isEqualTo("imds: the user data "
                + "is not valid gzip: its CRC-32 does not match its content (corrupt)\n");
        // without --decompress, the bytes as served, whatever they are
        assertThat(imds("user-data").stdout()).isEqualTo(crc);
    }

    @Test
    void serve_log_escapesWhatTheRequestCarried() throws Exception {
        Serving serve = new Serving("--port", "0", "--log");
        try (java.net.Socket s = new java.net.Socket(serve.endpoint.getHost(),
                serve.endpoint.getPort())) {
            s.getOutputStream().write(("GET /latest/meta-data/ami-id HTTP/1.1\r\nHost: x\r\n"
                    + "User-Agent: x\u001b[31mred\u001b]0;title\u0007y\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8))
                    .readLine()).startsWith("HTTP/1.1 401");
        }
        assertThat(serve.stop()).isZero();
        assertThat(serve.err.toString(UTF_8)).contains("=[x\\x1b[31mred\\x1b]0;title\\x07y]")
                .doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void serve_configErrors_nameTheFileInOurWords(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, "{\n  \"httpTokens\": \"caf\u00e9\"\n}".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        Path key = dir.resolve("key.json");
        Files.writeString(key, "{\"\\u001b[31mcolour\": 1}");
        Path folder = dir.resolve("folder.json");
        Files.writeString(folder, "{\n \"metadata\": {\n  \"/latest/meta-data/placement\": "
                + "\"x\"\n }\n}");
        String[][] cases = {
            {latin1.toString(), latin1 + ":2:21: not UTF-8 text (byte 0xe9); save the file as "
                    + "UTF-8"},
            {dir.toString(), dir + ": is a directory, not a configuration file"},
            {key.toString(), key + ":1: \\x1b[31mcolour: unknown key; known keys: "},
            {folder.toString(), folder + ":3: metadata./latest/meta-data/placement: is a "
                    + "folder of the instance (values lie below it), so it cannot be a value; "
                    + "set the values below it instead"}};
        for (String[] c : cases) {
            CliRun r = CliRun.run(Map.of(), "serve", "--port", "0", "--config", c[0]);
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.stderr()).as(c[0]).startsWith("imds: " + c[1]).hasLineCount(1)
                    .doesNotContain("\u001b").doesNotContain("Exception")
                    .doesNotContain("Input length");
        }
    }

    @Test
    void completion_printsBashScript() {
        CliRun r = CliRun.run(Map.of(), "completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("# bash completion for imds")
                .contains("complete -F _imds imds").contains("credential-process");
    }
}
