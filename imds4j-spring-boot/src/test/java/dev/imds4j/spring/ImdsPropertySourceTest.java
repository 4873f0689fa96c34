/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.Ec2Host;
import dev.imds4j.ImdsClient;
import dev.imds4j.ImdsCredentialsProvider;
import dev.imds4j.ImdsException;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.emulator.RecordedRequest;
import dev.imds4j.emulator.SpotAction;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;

final class ImdsPropertySourceTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    /** A bean whose fields are resolved from {@code imds.*} placeholders. */
    static final class Placeholders {
        @Value("${imds.instance-id}")
        String instanceId;
        @Value("${imds.placement.region}")
        String region;
        @Value("${imds.tags.Name}")
        String name;
        @Value("${imds.identity.account-id}")
        String accountId;
        @Value("${imds.no-such-key:fallback}")
        String missing;
    }

    @Test
    void placeholders_resolveFromImds(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withBean(Placeholders.class).run(context -> {
            Placeholders p = context.getBean(Placeholders.class);
            assertThat(p.instanceId).isEqualTo("i-0b22a22eec53b9321");
            assertThat(p.region).isEqualTo("eu-west-1");
            assertThat(p.name).isEqualTo("imds4j-demo");
            assertThat(p.accountId).isEqualTo("123456789012");
            assertThat(p.missing).isEqualTo("fallback");
        });
    }

    @Test
    void identityFields_andFolders(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            var env = context.getEnvironment();
            assertThat(env.getProperty("imds.identity.region")).isEqualTo("eu-west-1");
            assertThat(env.getProperty("imds.identity.instance-type")).isEqualTo("m5.large");
            assertThat(env.getProperty("imds.identity.architecture")).isEqualTo("x86_64");
            assertThat(env.getProperty("imds.identity.pending-time")).endsWith("Z");
            assertThat(env.getProperty("imds.identity.kernel-id")).isNull();
            assertThat(env.getProperty("imds.identity.no-such-field")).isNull();
            assertThat(env.getProperty("imds.placement.availability-zone"))
                    .isEqualTo("eu-west-1a");
            assertThat(env.getProperty("imds.network.interfaces.macs.0e:49:61:0f:c3:11.vpc-id"))
                    .isEqualTo("vpc-0a9b8c7d6e5f40312");
            assertThat(env.getProperty("imds.tags.Environment")).isEqualTo("test");
        });
    }

    @Test
    void values_areReadWhenFirstResolved_thenCached(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            assertThat(imds.requests()).as("requests sent while the context started").isEmpty();
            var env = context.getEnvironment();
            assertThat(env.getProperty("imds.instance-type")).isEqualTo("m5.large");
            assertThat(imds.requests()).extracting(RecordedRequest::path)
                    .containsExactly("/latest/api/token", "/latest/meta-data/instance-type");
            assertThat(env.getProperty("imds.instance-type")).isEqualTo("m5.large");
            assertThat(env.getProperty("imds.no-such-key")).isNull();
            assertThat(env.getProperty("imds.no-such-key")).isNull();
            assertThat(imds.requests()).extracting(RecordedRequest::path)
                    .containsExactly("/latest/api/token", "/latest/meta-data/instance-type",
                            "/latest/meta-data/no-such-key");
        });
    }

    @Test
    void changingValues_areReadAgainAfterTheRefreshInterval(ImdsEmulator imds,
            ManualClock clock) {
        try (ImdsClient client = TestContexts.client(imds)) {
            MetadataValues values = new MetadataValues(() -> client, clock, Duration.ofSeconds(5));
            imds.scheduleSpotInterruption(SpotAction.STOP, clock.instant().plusSeconds(3),
                    clock.instant().plusSeconds(123));
            assertThat(values.get("spot.instance-action")).isNull();
            assertThat(values.get("instance-id")).isEqualTo("i-0b22a22eec53b9321");
            long sent = imds.requestCount();

            clock.advance(Duration.ofSeconds(4));
            assertThat(values.get("spot.instance-action")).as("within the refresh interval")
                    .isNull();
            assertThat(imds.requestCount()).isEqualTo(sent);

            clock.advance(Duration.ofSeconds(1));
            assertThat(values.get("spot.instance-action")).contains("\"action\"")
                    .contains("stop");
            assertThat(values.get("spot.instance-action")).contains("stop");
            clock.advance(Duration.ofHours(1));
            assertThat(values.get("instance-id")).isEqualTo("i-0b22a22eec53b9321");
            assertThat(imds.requestCount()).as("one more GET; instance-id stays cached")
                    .isEqualTo(sent + 1);
        }
    }

    @Test
    void offEc2_emptyAtOnce_andDefaultsApply() {
        TestContexts.offEc2(dir).withBean(Defaults.class).run(context -> {
            assertThat(context.getBean(ImdsClient.class).knownOffEc2()).isTrue();
            assertThat(context.getEnvironment().getProperty("imds.instance-id")).isNull();
            assertThat(context.getBean(Defaults.class).instanceId).isEqualTo("local");
        });
    }

    /** A bean with defaults for the placeholders. */
    static final class Defaults {
        @Value("${imds.instance-id:local}")
        String instanceId;
    }

    @Test
    void unreachableConfiguredEndpoint_emptyAtOnce_andDefaultsApply() {
        TestContexts.runner().withPropertyValues("imds4j.endpoint=http://127.0.0.1:9")
                .withBean(Defaults.class).run(context -> {
                    assertThat(context.getBean(Defaults.class).instanceId).isEqualTo("local");
                    assertThat(context.getEnvironment().getProperty("imds.instance-type"))
                            .isNull();
                });
    }

    @Test
    void unreachableWhereImdsIsNotExpected_pausesAllIo() {
        // An unknown host with the default endpoint would send to 169.254.169.254: the test
        // stands in a refused loopback endpoint and declares IMDS "not expected" there.
        ManualClock clock = ManualClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
        int[] calls = new int[1];
        try (ImdsClient refused = ImdsClient.builder().endpoint("http://127.0.0.1:9").build()) {
            MetadataValues values = new MetadataValues(() -> {
                calls[0]++;
                return refused;
            }, clock, Duration.ofSeconds(5), c -> false);
            assertThat(values.get("instance-id")).isNull();
            assertThat(values.get("instance-type")).isNull();
            clock.advance(MetadataValues.UNREACHABLE_PAUSE.minusMillis(1));
            assertThat(values.get("ami-id")).isNull();
            assertThat(calls[0]).as("clients asked for during the pause").isEqualTo(1);
            clock.advance(Duration.ofMillis(1));
            assertThat(values.get("ami-id")).isNull();
            assertThat(calls[0]).as("asked again once the pause is over").isEqualTo(2);
        }
    }

    @Test
    void expected_onlyOnEc2OrWithAConfiguredEndpoint() {
        // Built, never used: nothing is sent.
        try (ImdsClient unknownDefault = ImdsClient.builder().environment(Map.of())
                .host(TestContexts.host(dir.resolve("xen"), "Xen")).build();
                ImdsClient ec2Default = ImdsClient.builder().environment(Map.of())
                        .host(TestContexts.host(dir.resolve("ec2"), "Amazon EC2")).build();
                ImdsClient unknownConfigured = ImdsClient.builder().endpoint("http://127.0.0.1:9")
                        .host(TestContexts.host(dir.resolve("xen2"), "Xen")).build()) {
            assertThat(unknownDefault.host().kind()).isEqualTo(Ec2Host.Kind.UNKNOWN);
            assertThat(ImdsClients.expected(unknownDefault)).isFalse();
            assertThat(ImdsClients.expected(ec2Default)).isTrue();
            assertThat(ImdsClients.expected(unknownConfigured)).isTrue();
        }
    }

    @Test
    void source_listsNoNames_soTheBinderSkipsNestedObjectsNoSourceSets(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            ImdsPropertySource source = ImdsPropertySource.find(context.getEnvironment());
            assertThat(source.getPropertyNames()).isEmpty();
            ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
            assertThat(adapted.containsDescendantOf(
                    ConfigurationPropertyName.of("spring.task.execution.pool")))
                    .isEqualTo(ConfigurationPropertyState.ABSENT);
            assertThat(imds.requests()).as("requests sent to answer that").isEmpty();
            assertThat(source.containsProperty("imds.instance-id")).isTrue();
            assertThat(context.getEnvironment().containsProperty("imds.instance-type")).isTrue();
            assertThat(source.containsProperty("imds.no-such-key")).isFalse();
            assertThat(source.containsProperty("spring.application.name")).isFalse();
        });
    }

    @Test
    void anotherSource_overridesImds(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds.instance-id=local")
                .run(context -> {
                    assertThat(context.getEnvironment().getProperty("imds.instance-id"))
                            .isEqualTo("local");
                    assertThat(imds.requests()).isEmpty();
                });
    }

    @Test
    void propertySourceOff_noSource(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.property-source.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(ImdsClient.class);
                    assertThat(context.getEnvironment().getProperty("imds.instance-id")).isNull();
                    assertThat(imds.requests()).isEmpty();
                });
    }

    @Test
    void contextClosed_sourceGoesQuiet(ImdsEmulator imds) {
        ImdsPropertySource[] source = new ImdsPropertySource[1];
        TestContexts.onEmulator(imds).run(context -> source[0] =
                ImdsPropertySource.find(context.getEnvironment()));
        assertThat(source[0].getProperty("imds.instance-id")).isNull();
        assertThat(imds.requests()).isEmpty();
    }

    /** Names that point at secrets, escape the metadata tree, or are not paths at all. */
    private static final List<String> HOSTILE = List.of(
            "imds.iam.security-credentials.imds4j-demo-role",
            "imds.iam.security-credentials-extended.imds4j-demo-role",
            "imds.iam.security-credentials",
            "imds.IAM.Security-Credentials.imds4j-demo-role",
            "imds.identity-credentials.ec2.security-credentials.ec2-instance",
            "imds.iam..security-credentials.imds4j-demo-role",
            "imds.iam.%73ecurity-credentials.imds4j-demo-role",
            "imds.iam/security-credentials/imds4j-demo-role",
            "imds.tags.../../iam/security-credentials/imds4j-demo-role",
            "imds.tags...",
            "imds.tags.a/b",
            "imds.tags.",
            "imds...",
            "imds.",
            "imds.instance-id\n",
            "imds.instance-id\r\nX-Forwarded-For: 1.2.3.4",
            "imds.instance-id?x=1",
            "imds.instance-id#x",
            "imds. instance-id",
            "imds.instance-id\u0000",
            "imds.\u00e9",
            "imds.user-data",
            "imds.identity.signature");

    @Test
    void hostileNames_neverReachASecret(ImdsEmulator imds) throws ImdsException {
        String secret;
        try (ImdsClient client = TestContexts.client(imds)) {
            secret = ImdsCredentialsProvider.create(client).credentials().secretAccessKey()
                    .reveal();
        }
        long before = imds.requestCount();
        TestContexts.onEmulator(imds).run(context -> {
            // a name that is served, so that the journal below is seen to hold what was sent
            assertThat(context.getEnvironment().getProperty("imds.instance-id"))
                    .isEqualTo("i-0b22a22eec53b9321");
            for (String name : HOSTILE) {
                Object value = context.getEnvironment().getProperty(name);
                if (value != null) {
                    assertThat(value.toString()).as(name).doesNotContain("SecretAccessKey")
                            .doesNotContain(secret);
                }
            }
            List<String> paths = imds.requests().stream().skip(before)
                    .map(RecordedRequest::path).toList();
            assertThat(paths).contains("/latest/meta-data/instance-id")
                    .noneMatch(p -> p.toLowerCase(Locale.ROOT).contains("credentials"))
                    .noneMatch(p -> p.startsWith("/latest/user-data"))
                    .noneMatch(p -> p.startsWith("/latest/dynamic/instance-identity/signature"))
                    .noneMatch(p -> p.contains("%")).noneMatch(p -> p.contains(".."))
                    .allMatch(p -> p.equals("/latest/api/token")
                            || p.equals("/latest/dynamic/instance-identity/document")
                            || p.startsWith("/latest/meta-data/"));
        });
    }

    @Test
    void paths_mapKeysAndRefuseSecrets() {
        assertThat(MetadataValues.path("instance-id")).isEqualTo("/latest/meta-data/instance-id");
        assertThat(MetadataValues.path("placement.region"))
                .isEqualTo("/latest/meta-data/placement/region");
        assertThat(MetadataValues.path("tags.app.version"))
                .isEqualTo("/latest/meta-data/tags/instance/app.version");
        assertThat(MetadataValues.path("tags.aws:autoscaling:groupName"))
                .isEqualTo("/latest/meta-data/tags/instance/aws:autoscaling:groupName");
        for (String name : HOSTILE) {
            String key = name.substring("imds.".length());
            if (!key.equals("user-data") && !key.equals("identity.signature")) {
                assertThat(MetadataValues.path(key)).as(key).isNull();
            }
        }
    }
}
