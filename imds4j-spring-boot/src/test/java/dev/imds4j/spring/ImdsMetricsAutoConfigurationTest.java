/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;

final class ImdsMetricsAutoConfigurationTest {
    @RegisterExtension
    static final ImdsEmulatorExtension IMDS = ImdsEmulatorExtension.create();

    private static final String[] TAGS = {
        "imds4j.metrics.common-tags.instance=instance-id",
        "imds4j.metrics.common-tags.az=placement.availability-zone",
        "imds4j.metrics.common-tags.name=tags.Name",
        "imds4j.metrics.common-tags.missing=no-such-key",
    };

    @TempDir
    Path dir;

    @Test
    void configuredTags_areCommonTagsOfEveryMeter(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues(TAGS)
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.counter("requests").getId().getTags()).containsExactly(
                            Tag.of("az", "eu-west-1a"), Tag.of("instance", "i-0b22a22eec53b9321"),
                            Tag.of("name", "imds4j-demo"));
                });
    }

    @Test
    void valueSetElsewhere_wins(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues(TAGS)
                .withPropertyValues("imds.instance-id=local").run(context -> {
                    assertThat(tags(context.getBean(MeterRegistryCustomizer.class)))
                            .contains(Tag.of("instance", "local"));
                });
    }

    @Test
    void notConfigured_noCustomizer(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).run(context -> {
            assertThat(context).doesNotHaveBean(MeterRegistryCustomizer.class);
            assertThat(imds.requests()).isEmpty();
        });
    }

    @Test
    void micrometerAbsent_noCustomizer(ImdsEmulator imds) {
        TestContexts.onEmulator(imds).withPropertyValues(TAGS)
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("imdsCommonTags"));
        TestContexts.onEmulator(imds).withPropertyValues(TAGS)
                .withClassLoader(new FilteredClassLoader(MeterRegistryCustomizer.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean("imdsCommonTags"));
    }

    @Test
    void offEc2_noTagsAndNothingSent() {
        TestContexts.offEc2(dir).withPropertyValues(TAGS).run(context ->
                assertThat(tags(context.getBean(MeterRegistryCustomizer.class))).isEmpty());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Iterable<Tag> tags(MeterRegistryCustomizer customizer) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        customizer.customize(registry);
        return registry.counter("probe").getId().getTags();
    }
}
