/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of Micrometer common tags from instance metadata, with Micrometer and
 * Spring Boot's metrics support on the class path. Opt-in: only the tags configured as {@code
 * imds4j.metrics.common-tags.<tag>=<imds key>} are added, for example
 *
 * <pre>
 * imds4j.metrics.common-tags.instance=instance-id
 * imds4j.metrics.common-tags.instance-type=instance-type
 * imds4j.metrics.common-tags.az=placement.availability-zone
 * </pre>
 *
 * <p>Values are the {@code imds.<key>} properties, so a value set elsewhere (such as {@code
 * imds.instance-id=local}) wins; a key without a value adds no tag. Off EC2 no tag is added and
 * nothing is sent.
 */
@AutoConfiguration(after = ImdsAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, MeterRegistryCustomizer.class})
@ConditionalOnBooleanProperty(name = "imds4j.enabled", matchIfMissing = true)
@Conditional(ImdsMetricsAutoConfiguration.TagsConfigured.class)
@EnableConfigurationProperties(ImdsProperties.class)
public final class ImdsMetricsAutoConfiguration {
    private static final System.Logger LOG =
            System.getLogger(ImdsMetricsAutoConfiguration.class.getName());

    /** Created by Spring. */
    public ImdsMetricsAutoConfiguration() {}

    /**
     * Defines the customizer that adds the configured tags to every registry.
     *
     * @param properties the {@code imds4j.*} settings
     * @param environment where the {@code imds.*} values are resolved
     * @return the customizer
     */
    @Bean
    public MeterRegistryCustomizer<MeterRegistry> imdsCommonTags(ImdsProperties properties,
            Environment environment) {
        Map<String, String> wanted = Map.copyOf(properties.getMetrics().getCommonTags());
        return registry -> registry.config().commonTags(tags(wanted, environment));
    }

    static List<Tag> tags(Map<String, String> wanted, Environment environment) {
        List<Tag> tags = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        wanted.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String value = environment.getProperty(ImdsPropertySource.PREFIX + e.getValue());
            if (value == null || value.isEmpty()) {
                missing.add(e.getKey() + "=" + e.getValue());
            } else {
                tags.add(Tag.of(e.getKey(), value));
            }
        });
        if (!missing.isEmpty()) {
            LOG.log(Level.DEBUG, "imds4j: no value for common tags " + missing);
        }
        return tags;
    }

    /** Matches when at least one common tag is configured. */
    static final class TagsConfigured extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context,
                AnnotatedTypeMetadata metadata) {
            boolean any = Binder.get(context.getEnvironment())
                    .bind("imds4j.metrics.common-tags",
                            Bindable.mapOf(String.class, String.class))
                    .map(m -> !m.isEmpty()).orElse(false);
            return any ? ConditionOutcome.match("imds4j.metrics.common-tags configured")
                    : ConditionOutcome.noMatch("no imds4j.metrics.common-tags configured");
        }
    }
}
