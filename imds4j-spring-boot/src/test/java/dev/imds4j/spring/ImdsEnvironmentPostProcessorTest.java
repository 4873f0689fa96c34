/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.RecordedRequest;
import dev.imds4j.junit.ImdsEmulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

final class ImdsEnvironmentPostProcessorTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    @TempDir
    Path dir;

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    @Test
    void addsTheSourceLast_andBuildsNoClientUntilAValueIsResolved(ImdsEmulator imds) {
        List<ImdsClients.ClientProperties> asked = new ArrayList<>();
        StandardEnvironment env = environment(Map.of("imds4j.endpoint", imds.endpoint()));
        new ImdsEnvironmentPostProcessor(p -> {
            asked.add(p);
            return ImdsClients.builder(p).readTimeout(Duration.ofSeconds(10));
        }).postProcessEnvironment(env, new SpringApplication());
        ImdsPropertySource source = ImdsPropertySource.find(env);
        assertThat(env.getPropertySources().stream().reduce((a, b) -> b).orElseThrow())
                .isSameAs(source);
        var early = (ImdsEnvironmentPostProcessor.EarlyClient) source.getSource()
                .use(() -> null);
        source.getSource().use(early);
        try {
            assertThat(asked).isEmpty();
            assertThat(env.resolvePlaceholders("${imds.tags.Name:app}")).isEqualTo("imds4j-demo");
            assertThat(asked).hasSize(1);
            assertThat(early.built()).isTrue();
            assertThat(early.get().endpoint()).isEqualTo(imds.endpoint());
        } finally {
            early.close();
        }
    }

    @Test
    void offEc2_emptyAtOnce_andNoClientBuilt() {
        StandardEnvironment env = environment(Map.of());
        new ImdsEnvironmentPostProcessor(p -> ImdsClients.builder(p)
                .host(TestContexts.host(dir, "QEMU")).environment(Map.of()))
                .postProcessEnvironment(env, new SpringApplication());
        assertThat(env.resolvePlaceholders("${imds.instance-id:local}")).isEqualTo("local");
        assertThat(env.resolvePlaceholders("${imds.placement.region:here}")).isEqualTo("here");
        var early = (ImdsEnvironmentPostProcessor.EarlyClient) ImdsPropertySource.find(env)
                .getSource().use(() -> null);
        assertThat(early.built()).as("a client was built").isFalse();
    }

    @Test
    void turnedOff_addsNothing() {
        for (String off : List.of("imds4j.enabled", "imds4j.property-source.enabled")) {
            StandardEnvironment env = environment(Map.of(off, "false"));
            new ImdsEnvironmentPostProcessor(p -> {
                throw new AssertionError("no client is built");
            }).postProcessEnvironment(env, new SpringApplication());
            assertThat(env.getPropertySources().contains(ImdsPropertySource.NAME)).as(off)
                    .isFalse();
        }
    }

    /** An application with only the imds4j client auto-configuration. */
    @ImportAutoConfiguration(ImdsAutoConfiguration.class)
    static class App {}

    @Test
    void springApplication_resolvesBeforeTheContext_thenHandsOverToTheBean(ImdsEmulator imds) {
        // spring.factories registers the post-processor: the real start-up path.
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .properties("imds4j.endpoint=" + imds.endpoint(), "imds4j.read-timeout=10s",
                        "spring.main.banner-mode=off",
                        "spring.application.name=${imds.tags.Name:app}")
                .run()) {
            assertThat(context.getId()).isEqualTo("imds4j-demo");
            long earlyTokens = imds.tokenRequestCount();
            assertThat(earlyTokens).as("the early client's token").isEqualTo(1);

            assertThat(context.getEnvironment().getProperty("imds.instance-type"))
                    .isEqualTo("m5.large");
            assertThat(imds.tokenRequestCount()).as("the bean client fetched its own token")
                    .isEqualTo(2);
            assertThat(context.getEnvironment().getProperty("imds.tags.Name"))
                    .isEqualTo("imds4j-demo");
            assertThat(imds.requests()).extracting(RecordedRequest::path)
                    .filteredOn(p -> p.endsWith("/Name")).as("cached across the hand-over")
                    .hasSize(1);
        }
    }
}
