/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.Ec2Host;
import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The detector on its own: settings, mapping, platforms without IMDS, and what it logs. */
final class Ec2ResourceDetectorTest {
    private static final String DOCUMENT = "/latest/dynamic/instance-identity/document";
    private static final Duration ROOMY = Duration.ofSeconds(30);

    @TempDir
    Path root;
    private ImdsEmulator emulator;
    private final RecordingLogger log = new RecordingLogger();

    @BeforeEach
    void start() throws IOException {
        emulator = ImdsEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** A detector of the emulator's instance, with room for a cold JVM on a loaded machine. */
    private Ec2ResourceDetector.Builder onEmulator(Ec2Host host) {
        return Ec2ResourceDetector.builder().logger(log).host(host).timeout(ROOMY).environment(
                Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString()));
    }

    private static String attribute(Resource r, String key) {
        return r.getAttribute(AttributeKey.stringKey(key));
    }

    @Test
    void detect_onEc2_exactAttributesAndNoSchemaUrl() {
        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(r.getSchemaUrl()).isNull();
        assertThat(r.getAttributes().asMap()).hasSize(10);
        assertThat(attribute(r, "cloud.account.id")).isEqualTo("123456789012");
        assertThat(attribute(r, "cloud.availability_zone")).isEqualTo("eu-west-1a");
        assertThat(attribute(r, "host.name"))
                .isEqualTo("ip-10-0-1-23.eu-west-1.compute.internal");
    }

    @ParameterizedTest
    @CsvSource({"x86_64, amd64", "x86_64_mac, amd64", "arm64, arm64", "arm64_mac, arm64",
            "i386, x86", "riscv64, riscv64"})
    void detect_architecture_mappedToTheConventionsValues(String served, String expected) {
        emulator.put(DOCUMENT, "{\"accountId\":\"123456789012\",\"architecture\":\"" + served
                + "\",\"availabilityZone\":\"us-east-1c\",\"imageId\":\"ami-1\","
                + "\"instanceId\":\"i-1\",\"instanceType\":\"m7g.medium\","
                + "\"pendingTime\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\"}");

        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(attribute(r, "host.arch")).isEqualTo(expected);
        assertThat(attribute(r, "cloud.region")).isEqualTo("us-east-1");
    }

    @Test
    void detect_documentWithoutArchitecture_leavesHostArchOut() {
        emulator.put(DOCUMENT, "{\"accountId\":\"123456789012\","
                + "\"availabilityZone\":\"us-east-1c\",\"imageId\":\"ami-1\","
                + "\"instanceId\":\"i-1\",\"instanceType\":\"t3.micro\","
                + "\"pendingTime\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\"}");

        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(attribute(r, "host.id")).isEqualTo("i-1");
        assertThat(attribute(r, "host.arch")).isNull();
    }

    @Test
    void detect_noHostname_completeResourceWithoutHostName() {
        emulator.remove("/latest/meta-data/hostname");

        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
        assertThat(attribute(r, "host.name")).isNull();
        assertThat(log.visible()).isEmpty();
    }

    @Test
    void detect_malformedDocument_emptyAndOneLineWithoutTheBody() {
        emulator.put(DOCUMENT, "{\"accountId\": \"secret-looking-body\"");

        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(log.visible()).singleElement().satisfies(e -> assertThat(e.message())
                .contains(DOCUMENT).doesNotContain("secret-looking-body"));
    }

    @Test
    void detect_tagFailsAfterRetries_resourceWithoutThatTagAndOneLine() {
        emulator.addFault(Fault.status(500).onPath("/latest/meta-data/tags/instance/Name")
                .always());

        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2"))
                .tagKeys(List.of("Name", "Environment")).build().detect();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
        assertThat(attribute(r, "ec2.tag.Environment")).isEqualTo("test");
        assertThat(attribute(r, "ec2.tag.Name")).isNull();
        assertThat(log.visible()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("[Name]").contains("500"));
    }

    @Test
    void detect_unknownHostWithoutImds_infoNotWarning() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Resource r = Ec2ResourceDetector.builder().logger(log).environment(Map.of())
                .host(Ec2Host.inspect(root))
                .clientSettings(Hosts.modeEndpoint(
                        java.net.URI.create("http://127.0.0.1:" + closed)))
                .build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(log.visible()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.INFO);
            assertThat(e.message()).contains("cannot connect");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_LAMBDA_FUNCTION_NAME=handler",
            "AWS_EXECUTION_ENV=AWS_ECS_FARGATE"})
    void detect_platformWithoutImds_nothingSent(String variable) {
        String[] kv = variable.split("=", 2);
        Resource r = Ec2ResourceDetector.builder().logger(log).environment(Map.of(kv[0], kv[1]))
                .host(Ec2Host.inspect(root))
                .clientSettings(Hosts.modeEndpoint(emulator.endpoint()))
                .build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(emulator.requests()).isEmpty();
        assertThat(log.entries()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("offers no IMDS"));
    }

    @Test
    void detect_lambdaWithAnEndpointConfigured_theEndpointWins() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "handler");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());

        Resource r = Ec2ResourceDetector.builder().logger(log).environment(env).timeout(ROOMY)
                .host(Ec2Host.inspect(root)).build().detect();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
    }

    @Test
    void detect_notEc2ButEndpointInTheConfigFile_theEndpointWins() throws IOException {
        Path config = root.resolve("config");
        java.nio.file.Files.writeString(config, "[default]\nec2_metadata_service_endpoint = "
                + emulator.endpoint() + "\n");

        Resource r = Ec2ResourceDetector.builder().logger(log).timeout(ROOMY)
                .environment(Map.of("AWS_CONFIG_FILE", config.toString()))
                .host(Hosts.vendor(root, "QEMU")).build().detect();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
    }

    @Test
    void detect_notEc2AndEndpointOnlyInAnotherProfile_nothingSent() throws IOException {
        Path config = root.resolve("config");
        java.nio.file.Files.writeString(config, "[profile other]\nec2_metadata_service_endpoint = "
                + emulator.endpoint() + "\n");

        Resource r = Ec2ResourceDetector.builder().logger(log)
                .environment(Map.of("AWS_CONFIG_FILE", config.toString()))
                .host(Hosts.vendor(root, "QEMU"))
                .clientSettings(Hosts.modeEndpoint(emulator.endpoint()))
                .build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(emulator.requests()).isEmpty();
        assertThat(log.entries()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("nothing sent"));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode =
            org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void detect_notEc2AndTheConfigFileIsAFifo_returnsAtOnceWithoutOpeningIt() throws Exception {
        Path fifo = root.resolve("config-fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("mkfifo within 10 s")
                .isTrue();
        assertThat(mk.exitValue()).as("mkfifo's status").isZero();

        Resource r = Ec2ResourceDetector.builder().logger(log)
                .environment(Map.of("AWS_CONFIG_FILE", fifo.toString()))
                .host(Hosts.vendor(root, "QEMU"))
                .clientSettings(Hosts.modeEndpoint(emulator.endpoint()))
                .build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(emulator.requests()).isEmpty();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", fifo.toString()), false)).isTrue();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", root.toString()), false)).as("a directory").isTrue();
    }

    @Test
    void detect_budgetSpentBeforeAnythingWasSent_namesTheBudgetNotTheHopLimit() {
        Resource r = onEmulator(Hosts.vendor(root, "Amazon EC2")).timeout(Duration.ofMillis(1))
                .build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(log.visible()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("The budget is the detector's timeout (1 ms")
                .doesNotContain("hop-limit").doesNotContain(") The"));
    }

    @Test
    void noEndpointAnywhere_decidesWithoutTheClientOnlyWhenSure() throws IOException {
        Path none = root.resolve("missing");
        Path plain = root.resolve("plain");
        java.nio.file.Files.writeString(plain, "[default]\nregion = eu-west-1\n");
        Path mode = root.resolve("mode");
        java.nio.file.Files.writeString(mode, "[default]\nEC2_METADATA_SERVICE_ENDPOINT_MODE = "
                + "IPv6\n");

        assertThat(Ec2ResourceDetector.noEndpointAnywhere(Map.of(), false)).isTrue();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", none.toString()), false)).isTrue();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", plain.toString()), false)).isTrue();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", mode.toString()), false)).isFalse();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_CONFIG_FILE", "~/elsewhere"), false)).isFalse();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", ""), false)).isFalse();
        assertThat(Ec2ResourceDetector.noEndpointAnywhere(
                Map.of("HOME", root.toString()), false)).isTrue();
    }

    @Test
    void detect_imdsDisabledByTheEnvironment_nothingSent() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());

        Resource r = Ec2ResourceDetector.builder().logger(log).environment(env)
                .host(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(emulator.requests()).isEmpty();
        assertThat(log.visible()).isEmpty();
    }

    @Test
    void detect_invalidAwsConfiguration_emptyAndOneLineNothingSent() {
        Resource r = Ec2ResourceDetector.builder().logger(log)
                .environment(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ftp://nope"))
                .host(Hosts.vendor(root, "Amazon EC2")).build().detect();

        assertThat(r.getAttributes().isEmpty()).isTrue();
        assertThat(log.visible()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
    }

    @Test
    void detect_everyRecord_neverHoldsTheToken() {
        emulator.addFault(Fault.status(500).onMethod("GET").times(2))
                .addFault(Fault.stall().onPath("/latest/meta-data/tags/instance/*").always());

        onEmulator(Hosts.vendor(root, "Amazon EC2")).tagKeys(List.of("Name"))
                .timeout(Duration.ofMillis(800)).build().detect();

        List<String> tokens = emulator.requests().stream()
                .map(q -> q.header("X-aws-ec2-metadata-token").orElse(null))
                .filter(t -> t != null).distinct().toList();
        assertThat(tokens).isNotEmpty();
        assertThat(log.entries()).isNotEmpty().allSatisfy(e -> {
            for (String token : tokens) {
                assertThat(e.message()).doesNotContain(token);
            }
        });
        assertThat(emulator.requests()).extracting(RecordedRequest::method).contains("PUT");
    }

    @Test
    void detect_calledTwice_detectsAfresh() {
        Ec2ResourceDetector detector = onEmulator(Hosts.vendor(root, "Amazon EC2")).build();

        Resource first = detector.detect();
        emulator.put("/latest/meta-data/instance-type", "r7i.large");
        Resource second = detector.detect();

        assertThat(attribute(first, "host.type")).isEqualTo("m5.large");
        assertThat(attribute(second, "host.type")).isEqualTo("r7i.large");
        assertThat(emulator.tokenRequestCount()).isEqualTo(2);
    }

    @Test
    void builder_defaults() {
        Ec2ResourceDetector d = Ec2ResourceDetector.builder().build();

        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.tagKeys()).isEmpty();
    }

    @Test
    void builder_timeoutOutOfRange_rejected() {
        assertThatThrownBy(() -> Ec2ResourceDetector.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> Ec2ResourceDetector.builder().timeout(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Ec2ResourceDetector.builder().timeout(Duration.ofMillis(1)).build().timeout())
                .isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void builder_tagKeys_checkedAndDeduplicated() {
        assertThat(Ec2ResourceDetector.builder()
                .tagKeys(List.of("Name", "aws:autoscaling:groupName", "a+b=c.d,e_f@g", "Name"))
                .build().tagKeys())
                .containsExactly("Name", "aws:autoscaling:groupName", "a+b=c.d,e_f@g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "_index", "with space", "a/b", "../../iam/info",
            "a?b", "a#b", "café"})
    void builder_tagKeyImdsCannotServe_rejected(String key) {
        assertThatThrownBy(() -> Ec2ResourceDetector.builder().tagKeys(List.of(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag key");
    }

    @Test
    void builder_hostileTagKey_messageEscapesControlCharacters() {
        String key = "Name\nWARNING: forged log line\u001b[31m";

        assertThatThrownBy(() -> Ec2ResourceDetector.builder().tagKeys(List.of(key)))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")
                        .doesNotContain("\u001b").contains("\\u000a"));
        assertThatThrownBy(() -> Ec2ResourceDetector.builder().tagKeys(List.of("x".repeat(129))))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
    }
}
