/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How the client acts on the EC2 host detection: fail fast off EC2, retry connects on EC2. */
@Timeout(30)
@ImdsEmulatorTest
final class HostDetectionClientTest {
    private static final String AMI = "/latest/meta-data/ami-id";

    @TempDir
    Path root;
    private final ImdsEmulator emulator;

    HostDetectionClientTest(ImdsEmulator emulator) {
        this.emulator = emulator;
    }

    private Ec2Host host(String vendor) throws IOException {
        Path file = root.resolve("sys/class/dmi/id/sys_vendor");
        Files.createDirectories(file.getParent());
        Files.writeString(file, vendor + "\n");
        return Ec2Host.inspect(root);
    }

    /** A client with no endpoint configured whose mode address is the emulator. */
    private ImdsClient.Builder unconfigured(Ec2Host host) {
        return ImdsClient.builder().environment(Map.of()).host(host)
                .modeEndpoint(emulator.endpoint()).readTimeout(Patient.READ_TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void get_notEc2AndNoEndpoint_failsAtOnceWithNothingSent(Mode mode) throws IOException {
        try (ImdsClient imds = unconfigured(host("QEMU")).build()) {
            assertThat(imds.knownOffEc2()).isTrue();
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isZero())
                    .hasMessageContaining("not sent")
                    .hasMessageContaining("not an EC2 instance")
                    .hasMessageContaining("sys_vendor is 'QEMU'")
                    .hasMessageContaining("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        }
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void get_unknownHostAndNoEndpoint_sends() throws Exception {
        try (ImdsClient imds = unconfigured(Ec2Host.inspect(root)).build()) {
            assertThat(imds.host().kind()).isEqualTo(Ec2Host.Kind.UNKNOWN);
            assertThat(imds.knownOffEc2()).isFalse();
            assertThat(imds.get(AMI).reveal()).startsWith("ami-");
        }
    }

    @Test
    void get_notEc2ButEndpointConfigured_sends() throws Exception {
        try (ImdsClient imds = ImdsClient.builder().environment(Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString()))
                .host(host("QEMU")).readTimeout(Patient.READ_TIMEOUT).build()) {
            assertThat(imds.knownOffEc2()).isFalse();
            assertThat(imds.get(AMI).reveal()).startsWith("ami-");
        }
        assertThat(emulator.requests()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void get_refusedOnEc2Host_isRetried(Mode mode) throws IOException {
        URI closed = closedPort();
        try (ImdsClient imds = ImdsClient.builder().endpoint(closed).host(host("Amazon EC2"))
                .maxAttempts(3).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(3));
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void get_refusedOnUnknownHost_failsAtOnce(Mode mode) throws IOException {
        URI closed = closedPort();
        try (ImdsClient imds = ImdsClient.builder().endpoint(closed)
                .host(Ec2Host.inspect(root)).maxAttempts(3).build()) {
            assertThatThrownBy(() -> mode.get(imds, AMI))
                    .isInstanceOfSatisfying(ImdsConnectionException.class,
                            e -> assertThat(e.attempts()).isEqualTo(1));
        }
    }

    @Test
    void builderKnownOffEc2_agreesWithTheClientItBuilds() throws IOException {
        Path config = root.resolve("config");
        Files.writeString(config, "[default]\nec2_metadata_service_endpoint = "
                + emulator.endpoint() + "\n");
        Path quiet = root.resolve("quiet");
        Files.writeString(quiet, "[default]\nregion = eu-west-1\n");
        String ep = emulator.endpoint().toString();
        Ec2Host qemu = host("QEMU");
        Ec2Host unknown = Ec2Host.inspect(root.resolve("no-sys"));
        Path ec2Root = root.resolve("ec2");
        Files.createDirectories(ec2Root.resolve("sys/class/dmi/id"));
        Files.writeString(ec2Root.resolve("sys/class/dmi/id/sys_vendor"), "Amazon EC2\n");
        Ec2Host ec2 = Ec2Host.inspect(ec2Root);
        record Case(String name, ImdsClient.Builder builder, boolean offEc2) {}
        List<Case> cases = List.of(
                new Case("not EC2, nothing configured", unconfigured(qemu), true),
                new Case("not EC2, config file without an endpoint", unconfigured(qemu)
                        .environment(Map.of("AWS_CONFIG_FILE", quiet.toString())), true),
                new Case("not EC2, endpoint mode only", unconfigured(qemu)
                        .endpointMode(EndpointMode.IPV6), true),
                new Case("not EC2, builder endpoint", unconfigured(qemu).endpoint(ep), false),
                new Case("not EC2, environment endpoint", unconfigured(qemu).environment(
                        Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", ep)), false),
                new Case("not EC2, config file endpoint", unconfigured(qemu).environment(
                        Map.of("AWS_CONFIG_FILE", config.toString())), false),
                new Case("unknown host, nothing configured", unconfigured(unknown), false),
                new Case("EC2, nothing configured", unconfigured(ec2), false));
        for (Case c : cases) {
            boolean before = c.builder().knownOffEc2();
            try (ImdsClient imds = c.builder().build()) {
                assertThat(before).as(c.name()).isEqualTo(c.offEc2())
                        .isEqualTo(imds.knownOffEc2());
            }
        }
        assertThat(emulator.requests()).as("requests sent").isEmpty();
    }

    @Test
    void builderKnownOffEc2_invalidSetting_failsAsBuildDoes() throws IOException {
        ImdsClient.Builder b = unconfigured(host("QEMU")).environment(
                Map.of("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "many"));
        String message = catchThrowableOfType(ImdsConfigurationException.class, b::build)
                .getMessage();
        assertThatThrownBy(b::knownOffEc2).isInstanceOf(ImdsConfigurationException.class)
                .hasMessage(message).hasMessageContaining("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
    }

    private static URI closedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port);
    }
}
