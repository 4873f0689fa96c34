/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.emulator.ImdsEmulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Endpoint and settings resolution, with the environment injected as a map and the config file
 * written to a temporary directory. The first fourteen tests are the AWS SDKs' shared endpoint
 * suite (Rust {@code aws-config}, Kotlin).
 */
final class EndpointResolutionTest {
    @TempDir
    Path dir;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private String config(String text) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, text, UTF_8);
        return file.toString();
    }

    private static URI resolve(ImdsClient.Builder b) {
        try (ImdsClient client = b.build()) {
            return client.endpoint();
        }
    }

    private URI resolve(Map<String, String> env) {
        return resolve(ImdsClient.builder().environment(env));
    }

    // ---- the shared suite ---------------------------------------------------------------------

    @Test
    void allFieldsUnset_defaultEndpoint() {
        assertThat(resolve(env())).isEqualTo(URI.create("http://169.254.169.254"));
    }

    @Test
    void environmentVariableEndpointOverride() {
        assertThat(resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://override:456")))
                .isEqualTo(URI.create("http://override:456"));
    }

    @Test
    void profileEndpointOverride() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint = http://override:456");
        assertThat(resolve(env("AWS_CONFIG_FILE", file)))
                .isEqualTo(URI.create("http://override:456"));
    }

    @Test
    void environmentOverridesProfile() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint = http://wrong:456");
        assertThat(resolve(env("AWS_CONFIG_FILE", file,
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://override:456")))
                .isEqualTo(URI.create("http://override:456"));
    }

    @Test
    void invalidEndpointModeOverride_fails() {
        assertThatThrownBy(() -> resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "error")))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessage("invalid value 'error' from environment variable "
                        + "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: expected an endpoint mode "
                        + "(IPv4 or IPv6)");
    }

    @Test
    void ipv4Endpoint() {
        assertThat(resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4")))
                .isEqualTo(URI.create("http://169.254.169.254"));
    }

    @Test
    void ipv6Endpoint() {
        assertThat(resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")))
                .isEqualTo(URI.create("http://[fd00:ec2::254]"));
    }

    @Test
    void caseInsensitiveEndpointMode() {
        assertThat(resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipV6")))
                .isEqualTo(URI.create("http://[fd00:ec2::254]"));
    }

    @Test
    void ipv6EndpointFromConfig() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint_mode = IPv6");
        assertThat(resolve(env("AWS_CONFIG_FILE", file)))
                .isEqualTo(URI.create("http://[fd00:ec2::254]"));
    }

    @Test
    void invalidConfigEndpointMode_failsNamingFileProfileAndKey() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint_mode = IPv7");
        assertThatThrownBy(() -> resolve(env("AWS_CONFIG_FILE", file)))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessage("invalid value 'IPv7' from " + file + ", profile default, key "
                        + "ec2_metadata_service_endpoint_mode: expected an endpoint mode "
                        + "(IPv4 or IPv6)");
    }

    @Test
    void explicitEndpointOverride() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint_mode = IPv6");
        assertThat(resolve(ImdsClient.builder().environment(env("AWS_CONFIG_FILE", file))
                .endpoint("https://custom"))).isEqualTo(URI.create("https://custom"));
    }

    @Test
    void explicitModeOverride() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint_mode = IPv4");
        assertThat(resolve(ImdsClient.builder().environment(env("AWS_CONFIG_FILE", file))
                .endpointMode(EndpointMode.IPV6))).isEqualTo(URI.create("http://[fd00:ec2::254]"));
    }

    @Test
    void invalidUri_fails() {
        assertThatThrownBy(() -> resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "not a uri")))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageStartingWith("invalid value 'not a uri' from environment variable "
                        + "AWS_EC2_METADATA_SERVICE_ENDPOINT: expected an http or https URI");
    }

    @Test
    void environmentEndpointOverridesBuilderMode() {
        assertThat(resolve(ImdsClient.builder()
                .environment(env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://169.254.169.200"))
                .endpointMode(EndpointMode.IPV6)))
                .isEqualTo(URI.create("http://169.254.169.200"));
    }

    // ---- beyond the suite ---------------------------------------------------------------------

    @Test
    void awsProfile_selectsProfileSection() throws IOException {
        String file = config("""
                [default]
                ec2_metadata_service_endpoint = http://default:1
                [profile x]
                ec2_metadata_service_endpoint = http://from-x:2
                """);
        assertThat(resolve(env("AWS_CONFIG_FILE", file, "AWS_PROFILE", "x")))
                .isEqualTo(URI.create("http://from-x:2"));
        assertThat(resolve(ImdsClient.builder().environment(env("AWS_CONFIG_FILE", file,
                "AWS_PROFILE", "x")).profile("default")))
                .isEqualTo(URI.create("http://default:1"));
    }

    @Test
    void unknownProfile_noSettings() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint = http://default:1\n");
        assertThat(resolve(env("AWS_CONFIG_FILE", file, "AWS_PROFILE", "missing")))
                .isEqualTo(URI.create("http://169.254.169.254"));
    }

    @Test
    void configFile_defaultsToHomeDotAws() throws IOException {
        Path aws = Files.createDirectories(dir.resolve("home/.aws"));
        Files.writeString(aws.resolve("config"),
                "[default]\nec2_metadata_service_endpoint = http://home:3\n");
        assertThat(resolve(env())).isEqualTo(URI.create("http://home:3"));
    }

    @Test
    void configFile_tildeExpandsWithInjectedHome() throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("home/cfg"),
                "[default]\nec2_metadata_service_endpoint = http://tilde:4\n");
        assertThat(resolve(env("AWS_CONFIG_FILE", "~/cfg")))
                .isEqualTo(URI.create("http://tilde:4"));
    }

    @Test
    void injectedEnvironmentWithoutHome_readsNoFile() {
        assertThat(resolve(ImdsClient.builder().environment(Map.of())))
                .isEqualTo(URI.create("http://169.254.169.254"));
    }

    @Test
    void missingConfigFile_isEmpty() {
        assertThat(resolve(env("AWS_CONFIG_FILE", dir.resolve("absent").toString())))
                .isEqualTo(URI.create("http://169.254.169.254"));
    }

    @Test
    void emptyValues_areUnset() throws IOException {
        String file = config("[default]\nec2_metadata_service_endpoint =\n"
                + "ec2_metadata_service_endpoint_mode = IPv6\n");
        assertThat(resolve(env("AWS_CONFIG_FILE", file, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", " ", "AWS_PROFILE", "")))
                .isEqualTo(URI.create("http://[fd00:ec2::254]"));
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:1338/prefix", "http://127.0.0.1:1338/prefix/"})
    void pathPrefix_keptWithOrWithoutTrailingSlash(String suffixFree) throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            String endpoint = suffixFree.replace("127.0.0.1:1338",
                    "127.0.0.1:" + emulator.port());
            try (ImdsClient imds = ImdsClient.builder().endpoint(endpoint)
                    .readTimeout(Patient.READ_TIMEOUT).build()) {
                assertThatThrownBy(() -> imds.get("/latest/meta-data/ami-id"))
                        .isInstanceOf(ImdsStatusException.class);
            }
            assertThat(emulator.takeRequest().path()).isEqualTo("/prefix/latest/api/token");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host", "http://", "http://user:secret@host", "http://h/?q=1",
        "http://h/#f", "//host:1", "http://h:99999999", "relative/path"})
    void builderEndpoint_invalid_illegalArgumentNamingIt(String bad) {
        assertThatThrownBy(() -> ImdsClient.builder().endpoint(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("endpoint: invalid value")
                .hasMessageNotContaining("secret");
    }

    @Test
    void endpointWithUserInfo_inEnvironment_secretNotEchoed() {
        assertThatThrownBy(() -> resolve(env("AWS_EC2_METADATA_SERVICE_ENDPOINT",
                "http://user:hunter2@h")))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageContaining("http://<redacted>@h").hasMessageNotContaining("hunter2");
    }

    // ---- other settings -----------------------------------------------------------------------

    @Test
    void defaults_andTheirSources() {
        try (ImdsClient c = ImdsClient.builder().environment(env()).build()) {
            ImdsConfig cfg = c.config();
            assertThat(cfg.endpoint()).isEqualTo(new Setting<>(URI.create("http://169.254.169.254"),
                    new Source(Source.Kind.DERIVED, "endpoint mode IPV4 (default)")));
            assertThat(cfg.endpointConfigured()).isFalse();
            assertThat(cfg.tokenTtl()).isEqualTo(new Setting<>(Duration.ofHours(6),
                    Source.DEFAULT));
            assertThat(cfg.maxAttempts()).isEqualTo(new Setting<>(4, Source.DEFAULT));
            assertThat(cfg.connectTimeout()).isEqualTo(new Setting<>(Duration.ofSeconds(1),
                    Source.DEFAULT));
            assertThat(cfg.maxConnections()).isEqualTo(new Setting<>(8, Source.DEFAULT));
            assertThat(cfg.retryBackoffBase().value()).isEqualTo(Duration.ofMillis(100));
            assertThat(cfg.retryBackoffMax().value()).isEqualTo(Duration.ofSeconds(1));
            assertThat(cfg.connectRetry()).isEqualTo(new Setting<>(ConnectRetry.AUTO,
                    Source.DEFAULT));
            assertThat(cfg.executor().value()).startsWith("the client's own");
            assertThat(cfg.host().source().kind()).isEqualTo(Source.Kind.DERIVED);
            assertThat(cfg.readTimeout().value()).isEqualTo(Duration.ofSeconds(1));
            assertThat(cfg.operationTimeout().value()).isEqualTo(Duration.ofSeconds(10));
            assertThat(cfg.profile()).isEqualTo(new Setting<>("default", Source.DEFAULT));
            assertThat(cfg.disabled().value()).isFalse();
        }
    }

    @Test
    void timeoutAndAttempts_fromEnvironment() {
        try (ImdsClient c = ImdsClient.builder().environment(env(
                "AWS_METADATA_SERVICE_TIMEOUT", "2.5", "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "7"))
                .build()) {
            assertThat(c.config().connectTimeout()).isEqualTo(new Setting<>(
                    Duration.ofMillis(2500), Source.environment("AWS_METADATA_SERVICE_TIMEOUT")));
            assertThat(c.config().readTimeout().value()).isEqualTo(Duration.ofMillis(2500));
            assertThat(c.config().maxAttempts()).isEqualTo(new Setting<>(7,
                    Source.environment("AWS_METADATA_SERVICE_NUM_ATTEMPTS")));
        }
    }

    @Test
    void timeoutAndAttempts_fromProfile_builderWins() throws IOException {
        String file = config("[profile p]\nmetadata_service_timeout = 3\n"
                + "metadata_service_num_attempts = 2\n");
        try (ImdsClient c = ImdsClient.builder().environment(env("AWS_CONFIG_FILE", file))
                .profile("p").readTimeout(Duration.ofMillis(250)).build()) {
            assertThat(c.config().connectTimeout()).isEqualTo(new Setting<>(Duration.ofSeconds(3),
                    Source.configFile(file, "p", "metadata_service_timeout")));
            assertThat(c.config().readTimeout()).isEqualTo(new Setting<>(Duration.ofMillis(250),
                    Source.BUILDER));
            assertThat(c.config().maxAttempts().value()).isEqualTo(2);
            assertThat(c.config().profile()).isEqualTo(new Setting<>("p", Source.BUILDER));
        }
    }

    @ParameterizedTest
    @CsvSource({"AWS_METADATA_SERVICE_TIMEOUT,0", "AWS_METADATA_SERVICE_TIMEOUT,-1",
        "AWS_METADATA_SERVICE_TIMEOUT,abc", "AWS_METADATA_SERVICE_TIMEOUT,1e3",
        "AWS_METADATA_SERVICE_TIMEOUT,3601", "AWS_METADATA_SERVICE_NUM_ATTEMPTS,0",
        "AWS_METADATA_SERVICE_NUM_ATTEMPTS,21", "AWS_METADATA_SERVICE_NUM_ATTEMPTS,two"})
    void invalidNumbers_failNamingVariableAndValue(String variable, String value) {
        assertThatThrownBy(() -> resolve(env(variable, value)))
                .isInstanceOf(ImdsConfigurationException.class)
                .hasMessageStartingWith("invalid value '" + value + "' from environment variable "
                        + variable + ": expected");
    }

    @Test
    void disabled_anyCaseTrue_refusesWithoutTraffic() throws Exception {
        try (ImdsEmulator emulator = ImdsEmulator.start()) {
            for (String value : new String[] {"true", "TRUE", "True"}) {
                try (ImdsClient c = Patient.client(emulator.endpoint())
                        .environment(env("AWS_EC2_METADATA_DISABLED", value)).build()) {
                    assertThat(c.config().disabled().value()).isTrue();
                    for (Mode mode : Mode.values()) {
                        assertThatThrownBy(() -> mode.get(c, "/latest/meta-data/ami-id"))
                                .isInstanceOf(ImdsDisabledException.class)
                                .hasMessageContaining("AWS_EC2_METADATA_DISABLED=true");
                    }
                }
            }
            try (ImdsClient c = Patient.client(emulator.endpoint())
                    .environment(env("AWS_EC2_METADATA_DISABLED", "false")).build()) {
                assertThat(c.get("/latest/meta-data/ami-id").reveal()).startsWith("ami-");
            }
            assertThat(emulator.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void builderSetters_rejectBadValuesNamingThem() {
        ImdsClient.Builder b = ImdsClient.builder();
        assertThatThrownBy(() -> b.tokenTtl(Duration.ZERO)).hasMessageStartingWith("tokenTtl:");
        assertThatThrownBy(() -> b.tokenTtl(Duration.ofSeconds(21_601)))
                .hasMessageContaining("21600");
        assertThatThrownBy(() -> b.tokenTtl(Duration.ofMillis(1500))).hasMessageContaining("whole");
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageStartingWith("maxAttempts:");
        assertThatThrownBy(() -> b.maxAttempts(21)).hasMessageStartingWith("maxAttempts:");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
                .hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofHours(2)))
                .hasMessageStartingWith("readTimeout:");
        assertThatThrownBy(() -> b.operationTimeout(Duration.ofNanos(1)))
                .hasMessageStartingWith("operationTimeout:");
        assertThatThrownBy(() -> b.profile(" ")).hasMessageStartingWith("profile:");
        assertThatThrownBy(() -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("retryBackoff:");
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("clock");
    }

    @Test
    void processEnvironment_inTests_pointsAtClosedLoopbackPort() {
        // Surefire sets this so that nothing in a test can reach a real IMDS (DEVELOPERS.md).
        try (ImdsClient c = ImdsClient.create()) {
            assertThat(c.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(c.config().endpoint().source())
                    .isEqualTo(Source.environment("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
        }
    }
}
