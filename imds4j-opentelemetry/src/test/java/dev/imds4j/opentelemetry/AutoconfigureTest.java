/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imds4j.Ec2Host;
import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.HttpTokens;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider as autoconfiguration runs it, against the emulator: attributes, the request
 * budget, failures, and nothing sent off EC2.
 */
final class AutoconfigureTest {
    private static final String MAC = "0e:49:61:0f:c3:11";
    /** Generous: the machine is shared and noisy; what matters is seconds versus the budget. */
    private static final long MARGIN_MS = 500;
    /** For the tests that are not about the budget. */
    private static final String ROOMY = "30s";

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

    private Map<String, String> emulatorEnvironment() {
        return Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());
    }

    /**
     * Autoconfiguration whose detector talks to the emulator as a configured endpoint, with a
     * budget wide enough for a cold JVM on a loaded machine; the tests of the budget set it.
     */
    private Autoconfigure onEc2() {
        Ec2Host ec2 = Hosts.vendor(root, "Amazon EC2");
        return new Autoconfigure(() -> Ec2ResourceDetector.builder()
                .environment(emulatorEnvironment()).host(ec2).logger(log))
                .property(Ec2ResourceProvider.TIMEOUT, ROOMY);
    }

    /** Autoconfiguration with the default budget, as users get it. */
    private Autoconfigure onEc2WithDefaultBudget() {
        Ec2Host ec2 = Hosts.vendor(root, "Amazon EC2");
        return new Autoconfigure(() -> Ec2ResourceDetector.builder()
                .environment(emulatorEnvironment()).host(ec2).logger(log));
    }

    private static String attribute(Resource r, String key) {
        return r.getAttribute(AttributeKey.stringKey(key));
    }

    private static List<String> ec2Keys(Resource r) {
        return r.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey)
                .filter(k -> k.startsWith("cloud.") || k.startsWith("host.")
                        || k.startsWith("ec2."))
                .sorted().collect(Collectors.toList());
    }

    @Test
    void autoconfigure_onEc2_setsEveryAttributeFromTheInstance() {
        emulator.put("/latest/meta-data/instance-id", "i-0123456789abcdef0")
                .put("/latest/meta-data/instance-type", "c7i.2xlarge")
                .put("/latest/meta-data/ami-id", "ami-0fedcba9876543210")
                .put("/latest/meta-data/placement/availability-zone", "ap-southeast-2b")
                .put("/latest/meta-data/placement/region", "ap-southeast-2")
                .put("/latest/meta-data/hostname", "ip-172-31-5-9.ap-southeast-2.compute.internal")
                .put("/latest/meta-data/network/interfaces/macs/" + MAC + "/owner-id",
                        "210987654321");
        Autoconfigure sdk = onEc2();

        Resource r = sdk.run();

        assertThat(sdk.found()).as("the service loader found Ec2ResourceProvider").isTrue();
        assertThat(attribute(r, "cloud.provider")).isEqualTo("aws");
        assertThat(attribute(r, "cloud.platform")).isEqualTo("aws_ec2");
        assertThat(attribute(r, "cloud.account.id")).isEqualTo("210987654321");
        assertThat(attribute(r, "cloud.region")).isEqualTo("ap-southeast-2");
        assertThat(attribute(r, "cloud.availability_zone")).isEqualTo("ap-southeast-2b");
        assertThat(attribute(r, "host.id")).isEqualTo("i-0123456789abcdef0");
        assertThat(attribute(r, "host.type")).isEqualTo("c7i.2xlarge");
        assertThat(attribute(r, "host.image.id")).isEqualTo("ami-0fedcba9876543210");
        assertThat(attribute(r, "host.name"))
                .isEqualTo("ip-172-31-5-9.ap-southeast-2.compute.internal");
        assertThat(attribute(r, "host.arch")).isEqualTo("amd64"); // the emulator's x86_64
        assertThat(ec2Keys(r)).containsExactly("cloud.account.id", "cloud.availability_zone",
                "cloud.platform", "cloud.provider", "cloud.region", "host.arch", "host.id",
                "host.image.id", "host.name", "host.type");
        assertThat(log.visible()).isEmpty();
    }

    @Test
    void autoconfigure_onEc2_sendsOneTokenOneDocumentAndTheHostname() {
        onEc2().run();

        List<RecordedRequest> requests = emulator.requests();
        assertThat(requests).extracting(q -> q.method() + " " + q.path())
                .containsExactlyInAnyOrder("PUT /latest/api/token",
                        "GET /latest/dynamic/instance-identity/document",
                        "GET /latest/meta-data/hostname");
        assertThat(requests.stream().filter(q -> q.method().equals("GET")))
                .allSatisfy(q -> assertThat(q.header("X-aws-ec2-metadata-token")).isPresent());
        assertThat(Hosts.clientThreadsAlive()).as("client threads after detection").isFalse();
    }

    @Test
    void autoconfigure_tagKeys_addsThoseTagsAndIgnoresMissingOnesSilently() {
        emulator.put("/latest/meta-data/tags/instance/team", "payments");

        Resource r = onEc2().property(Ec2ResourceProvider.TAGS, "Name, team,NotThere").run();

        assertThat(attribute(r, "ec2.tag.Name")).isEqualTo("imds4j-demo");
        assertThat(attribute(r, "ec2.tag.team")).isEqualTo("payments");
        assertThat(ec2Keys(r)).filteredOn(k -> k.startsWith("ec2.")).containsExactly(
                "ec2.tag.Name", "ec2.tag.team");
        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
        assertThat(log.visible()).isEmpty();
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .contains("/latest/meta-data/tags/instance/NotThere")
                .doesNotContain("/latest/meta-data/tags/instance/Environment");
    }

    @Test
    void autoconfigure_tagsNotOfferedInImds_completeResourceWithoutTagsAndNoLog() {
        emulator.instanceMetadataTags(false);

        Resource r = onEc2().property(Ec2ResourceProvider.TAGS, "Name").run();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
        assertThat(attribute(r, "ec2.tag.Name")).isNull();
        assertThat(log.visible()).isEmpty();
    }

    @Test
    void autoconfigure_noTagsAskedFor_readsNoTags() {
        Resource r = onEc2().run();

        assertThat(ec2Keys(r)).noneMatch(k -> k.startsWith("ec2."));
        assertThat(emulator.requests()).extracting(RecordedRequest::path)
                .noneMatch(p -> p.contains("/tags/"));
    }

    @Test
    void autoconfigure_stalledImds_returnsWithinTheDefaultBudgetWithAnEmptyResource() {
        emulator.addFault(Fault.stall().onMethod("GET").always());
        Autoconfigure sdk = onEc2WithDefaultBudget();

        Resource r = sdk.run();

        assertThat(sdk.detectionMillis()).isLessThan(1000 + MARGIN_MS);
        assertThat(ec2Keys(r)).isEmpty();
        assertThat(log.visible()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.WARNING);
            assertThat(e.message()).contains("the resource has no EC2 attributes")
                    .contains(emulator.endpoint().toString());
        });
        assertThat(Hosts.clientThreadsAlive()).as("client threads after detection").isFalse();
    }

    @Test
    void autoconfigure_timeoutProperty_bindsAStalledDetection() {
        emulator.addFault(Fault.stall().always());
        Autoconfigure sdk = onEc2().property(Ec2ResourceProvider.TIMEOUT, "300ms");

        Resource r = sdk.run();

        assertThat(sdk.detectionMillis()).isLessThan(300 + MARGIN_MS);
        assertThat(ec2Keys(r)).isEmpty();
        assertThat(log.visible()).hasSize(1);
    }

    @Test
    void autoconfigure_tokenPutDropped_emptyResourceAndOneLineNamingTheHopLimitFix() {
        emulator.addFault(Fault.tokenPutDrop());
        Autoconfigure sdk = onEc2WithDefaultBudget();

        Resource r = sdk.run();

        assertThat(ec2Keys(r)).isEmpty();
        assertThat(sdk.detectionMillis()).isLessThan(1000 + MARGIN_MS);
        assertThat(log.visible()).singleElement().satisfies(e -> {
            assertThat(e.level()).isEqualTo(Level.WARNING);
            assertThat(e.message()).contains("hop limit")
                    .contains("--http-put-response-hop-limit 2");
        });
        assertThat(emulator.requests()).extracting(RecordedRequest::method)
                .as("no IMDSv1 GET after the token failed").containsOnly("PUT");
    }

    @Test
    void autoconfigure_tokenRefused_neverFallsBackToImdsV1() {
        emulator.httpTokens(HttpTokens.OPTIONAL)
                .addFault(Fault.status(403).onTokenPut().always());

        Resource r = onEc2().run();

        assertThat(ec2Keys(r)).isEmpty();
        assertThat(emulator.requests()).isNotEmpty()
                .allSatisfy(q -> assertThat(q.method()).isEqualTo("PUT"));
        assertThat(log.visible()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("403"));
    }

    @Test
    void autoconfigure_imdsFailsWith5xx_emptyResourceWithinBudget() {
        emulator.addFault(Fault.status(503).onMethod("GET").always());
        Autoconfigure sdk = onEc2WithDefaultBudget();

        Resource r = sdk.run();

        assertThat(ec2Keys(r)).isEmpty();
        assertThat(sdk.detectionMillis()).isLessThan(1000 + MARGIN_MS);
        assertThat(log.visible()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("503"));
    }

    @Test
    void autoconfigure_imdsTurnedOff_emptyResourceAndOneLine() {
        emulator.httpEndpoint(false);

        Resource r = onEc2().run();

        assertThat(ec2Keys(r)).isEmpty();
        assertThat(log.visible()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("403")
                        .contains("modify-instance-metadata-options"));
    }

    @Test
    void autoconfigure_notEc2AndNothingConfigured_sendsNothingAndStartsNoThread() {
        Ec2Host qemu = Hosts.vendor(root, "QEMU");
        Autoconfigure sdk = new Autoconfigure(() -> Ec2ResourceDetector.builder()
                .environment(Map.of()).host(qemu).logger(log)
                .clientSettings(Hosts.modeEndpoint(emulator.endpoint())));

        Resource r = sdk.run();

        assertThat(sdk.found()).isTrue();
        assertThat(ec2Keys(r)).isEmpty();
        assertThat(emulator.requests()).as("the emulator's journal").isEmpty();
        assertThat(Hosts.clientThreadsAlive()).isFalse();
        assertThat(log.visible()).isEmpty();
        assertThat(log.entries()).singleElement().satisfies(e -> assertThat(e.message())
                .contains("nothing sent").contains("sys_vendor is 'QEMU'"));
    }

    /** The control for the test above: the same set-up on a host of unknown kind does send. */
    @Test
    void autoconfigure_unknownHostAndNothingConfigured_detectsThroughTheModeEndpoint() {
        Ec2Host unknown = Ec2Host.inspect(root);
        Autoconfigure sdk = new Autoconfigure(() -> Ec2ResourceDetector.builder()
                .environment(Map.of()).host(unknown).logger(log)
                .clientSettings(Hosts.modeEndpoint(emulator.endpoint())))
                .property(Ec2ResourceProvider.TIMEOUT, ROOMY);

        Resource r = sdk.run();

        assertThat(unknown.kind()).isEqualTo(Ec2Host.Kind.UNKNOWN);
        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
        assertThat(emulator.requests()).isNotEmpty();
    }

    @Test
    void autoconfigure_notEc2ButEndpointConfigured_theEndpointWins() {
        Ec2Host qemu = Hosts.vendor(root, "QEMU");
        Resource r = new Autoconfigure(() -> Ec2ResourceDetector.builder()
                .environment(emulatorEnvironment()).host(qemu).logger(log))
                .property(Ec2ResourceProvider.TIMEOUT, ROOMY).run();

        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
    }

    @Test
    void autoconfigure_disabledByTheStandardProperty_sendsNothing() {
        Resource r = onEc2().property("otel.java.disabled.resource.providers",
                Ec2ResourceProvider.class.getName()).run();

        assertThat(ec2Keys(r)).isEmpty();
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void autoconfigure_anotherProviderSetTheCloudFirst_stepsAside() {
        ResourceProvider platform = new ResourceProvider() {
            @Override
            public Resource createResource(ConfigProperties config) {
                return Resource.builder().put("cloud.provider", "aws")
                        .put("cloud.platform", "aws_eks").build();
            }
        };

        Resource r = onEc2().provider(platform).run();

        assertThat(attribute(r, "cloud.platform")).isEqualTo("aws_eks");
        assertThat(attribute(r, "host.id")).isNull();
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void autoconfigure_userAttributes_overrideDetectedOnes() {
        Resource r = onEc2().property("otel.resource.attributes", "host.name=web-1").run();

        assertThat(attribute(r, "host.name")).isEqualTo("web-1");
        assertThat(attribute(r, "host.id")).isEqualTo("i-0b22a22eec53b9321");
    }

    @Test
    void autoconfigure_invalidTimeout_failsNamingTheProperty() {
        assertThatThrownBy(() -> onEc2().property(Ec2ResourceProvider.TIMEOUT, "0ms").run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("otel.resource.imds4j.timeout");
        assertThatThrownBy(() -> onEc2().property(Ec2ResourceProvider.TIMEOUT, "soon").run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("otel.resource.imds4j.timeout");
        assertThat(emulator.requests()).isEmpty();
    }

    @Test
    void autoconfigure_invalidTagKey_failsNamingThePropertyAndTheKey() {
        assertThatThrownBy(() -> onEc2().property(Ec2ResourceProvider.TAGS, "Name,a/b").run())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("otel.resource.imds4j.tags")
                .hasMessageContaining("'a/b'");
        assertThat(emulator.requests()).isEmpty();
    }
}
