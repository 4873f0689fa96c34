/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.Fault;
import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.ManualClock;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;

final class ImdsHealthIndicatorTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("imdsHealthIndicator", HealthIndicator.class).health();
    }

    @Test
    void up_withTokenAndCredentialsExpiry_andNoSecret(ImdsEmulator imds, ManualClock clock) {
        TestContexts.onEmulator(imds).withBean(Clock.class, () -> clock).run(context -> {
            Health h = health(context);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("reachable", true)
                    .containsEntry("token", "valid").containsEntry("role", "imds4j-demo-role")
                    .containsKey("credentialsExpiration").containsKey("credentialsExpireIn");
            assertThat(h.getDetails().get("credentialsExpireIn").toString()).startsWith("PT");
            String all = h.toString();
            assertThat(all).doesNotContain("SecretAccessKey").doesNotContain("Token\"")
                    .doesNotContain("ASIA");
            try (var client = TestContexts.client(imds)) {
                var c = dev.imds4j.ImdsCredentialsProvider.create(client).credentials();
                assertThat(all).doesNotContain(c.secretAccessKey().reveal())
                        .doesNotContain(c.sessionToken().reveal());
            }
        });
    }

    @Test
    void registeredAsImds(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withConfiguration(AutoConfigurations.of(
                HealthContributorAutoConfiguration.class,
                HealthContributorRegistryAutoConfiguration.class)).run(context ->
                assertThat(context.getBean(HealthContributorRegistry.class)
                        .getContributor("imds")).isInstanceOf(ImdsHealthIndicator.class));
    }

    @Test
    void noRole_upWithoutCredentials(ImdsEmulator imds) {
        imds.remove("/latest/meta-data/iam");
        TestContexts.onEmulator(imds).run(context -> {
            Health h = health(context);
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails().get("credentials").toString()).startsWith("none");
        });
    }

    @Test
    void offEc2_unknownAndNothingSent() {
        TestContexts.offEc2(dir).run(context -> {
            Health h = health(context);
            assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
            assertThat(h.getDetails().get("reason").toString()).startsWith("not on EC2")
                    .contains("QEMU");
        });
    }

    @Test
    void imdsTurnedOff_unknown(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withBean(ImdsClientCustomizer.class, () -> b -> b
                .environment(Map.of("AWS_EC2_METADATA_DISABLED", "true"))).run(context -> {
                    assertThat(health(context).getStatus()).isEqualTo(Status.UNKNOWN);
                    assertThat(imds.requests()).isEmpty();
                });
    }

    @Test
    void configuredEndpointUnreachable_down() {
        TestContexts.runner().withPropertyValues("imds4j.endpoint=http://127.0.0.1:9")
                .run(context -> {
                    Health h = health(context);
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails()).containsEntry("reachable", false);
                    assertThat(h.getDetails().get("error").toString())
                            .contains("127.0.0.1:9");
                });
    }

    @Test
    void tokenRefused_down(ImdsEmulator imds) {
        imds.addFault(Fault.status(403).onTokenPut().always());
        TestContexts.onEmulator(imds).run(context -> {
            Health h = health(context);
            assertThat(h.getStatus()).isEqualTo(Status.DOWN);
            assertThat(h.getDetails()).containsEntry("token", "refused (403)");
        });
    }

    @Test
    void credentialsFailing_down(ImdsEmulator imds) {
        imds.addFault(Fault.status(500).onPath("/latest/meta-data/iam/security-credentials*")
                .always());
        imds.addFault(Fault.status(500)
                .onPath("/latest/meta-data/iam/security-credentials-extended*").always());
        TestContexts.onEmulator(imds).withPropertyValues("imds4j.max-attempts=1")
                .run(context -> {
                    Health h = health(context);
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails()).containsEntry("credentials", "unavailable");
                });
    }

    @Test
    void disabledOrAbsent_noIndicator(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues("management.health.imds.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("imdsHealthIndicator"));
        TestContexts.onEmulator(imds)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("imdsHealthIndicator"));
    }
}
