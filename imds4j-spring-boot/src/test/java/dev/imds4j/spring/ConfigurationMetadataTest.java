/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Checks the generated {@code spring-configuration-metadata.json} against {@link
 * ImdsProperties}: every bindable property is listed with its type and default, and nothing
 * else under {@code imds4j.} is.
 */
final class ConfigurationMetadataTest {
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties() throws IOException {
        try (InputStream in = ImdsProperties.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json in the jar").isNotNull();
            Map<String, Object> doc = JSON.std.mapFrom(in);
            return (List<Map<String, Object>>) doc.get("properties");
        }
    }

    /** The kebab-case names Spring binds for {@code type} under {@code prefix}. */
    private static void names(String prefix, Class<?> type, Set<String> into) {
        for (Method read : type.getMethods()) {
            String m = read.getName();
            int skip = m.startsWith("get") ? 3 : m.startsWith("is") ? 2 : 0;
            if (skip == 0 || read.getParameterCount() != 0 || m.equals("getClass")) {
                continue;
            }
            String bean = m.substring(skip);
            String name = prefix + "." + (Character.toLowerCase(bean.charAt(0))
                    + bean.substring(1)).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            boolean settable = Arrays.stream(type.getMethods()).anyMatch(w -> w.getName()
                    .equals("set" + bean) && w.getParameterCount() == 1);
            if (settable) {
                into.add(name);
            } else if (read.getReturnType().getName().startsWith(ImdsProperties.class.getName())) {
                names(name, read.getReturnType(), into);
            }
        }
    }

    @Test
    void metadata_listsEveryBindableProperty_andNoOther() throws IOException {
        Set<String> bindable = new TreeSet<>();
        names(ImdsProperties.PREFIX, ImdsProperties.class, bindable);
        Set<String> listed = properties().stream().map(p -> (String) p.get("name"))
                .filter(n -> n.startsWith("imds4j."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(bindable);
        assertThat(bindable).contains("imds4j.interruption.shutdown.lead-time",
                "imds4j.aws-sdk.credentials-provider.enabled", "imds4j.metrics.common-tags");
        assertThat(properties()).allSatisfy(p -> assertThat((String) p.get("description"))
                .as((String) p.get("name")).isNotBlank());
        assertThat(properties()).extracting(p -> p.get("name"))
                .contains("management.health.imds.enabled");
    }

    @Test
    void metadata_defaults_areTheBoundDefaults() throws IOException {
        ImdsProperties defaults = new ImdsProperties();
        List<String> checked = new ArrayList<>();
        for (Map<String, Object> p : properties()) {
            String name = (String) p.get("name");
            Object value = p.get("defaultValue");
            if (!name.startsWith("imds4j.") || value == null) {
                continue;
            }
            String text = value instanceof List<?> list ? list.stream().map(Object::toString)
                    .collect(Collectors.joining(",")) : value.toString();
            ImdsProperties bound = new Binder(new MapConfigurationPropertySource(
                    Map.of(name, text))).bind(ImdsProperties.PREFIX, ImdsProperties.class)
                    .get();
            assertThat(describe(bound)).as(name + " = " + text).isEqualTo(describe(defaults));
            checked.add(name);
        }
        assertThat(checked).contains("imds4j.enabled", "imds4j.interruption.poll-interval",
                "imds4j.interruption.shutdown.on", "imds4j.property-source.refresh-interval");
    }

    private static String describe(ImdsProperties p) {
        return p.isEnabled() + " " + p.getPropertySource().isEnabled() + " "
                + p.getPropertySource().getRefreshInterval() + " "
                + p.getInterruption().isEnabled() + " " + p.getInterruption().getPollInterval()
                + " " + p.getInterruption().getShutdown().isEnabled() + " "
                + p.getInterruption().getShutdown().getLeadTime() + " "
                + new TreeSet<>(p.getInterruption().getShutdown().getOn()) + " "
                + p.getAwsSdk().getCredentialsProvider().isEnabled() + " "
                + p.getAwsSdk().getRegionProvider().isEnabled();
    }

    @Test
    void defaults_areTheDocumentedOnes() {
        ImdsProperties p = new ImdsProperties();
        assertThat(p.getInterruption().getPollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.getInterruption().getShutdown().getLeadTime())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(p.getMetrics().getCommonTags()).isEmpty();
    }
}
