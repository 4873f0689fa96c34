/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ModuleDescriptorTest {
    @Test
    void module_exportsOnlyItsPackage_andNeedsOnlyTheClientAndSpringAtRunTime() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.spring").orElseThrow().descriptor();

        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.imds4j.spring");
        assertThat(module.exports()).allMatch(e -> !e.isQualified());
        assertThat(module.opens()).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("dev.imds4j.spring");
            assertThat(o.targets()).containsExactlyInAnyOrder("spring.core", "spring.beans",
                    "spring.context");
        });
        Map<String, Boolean> requires = module.requires().stream().collect(Collectors.toMap(
                ModuleDescriptor.Requires::name,
                r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)));
        Set<String> mandatory = requires.entrySet().stream().filter(e -> !e.getValue())
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(mandatory).containsExactlyInAnyOrder("java.base", "dev.imds4j", "spring.boot",
                "spring.boot.autoconfigure", "spring.context", "spring.beans", "spring.core");
        assertThat(requires).containsKeys("spring.boot.health", "spring.boot.micrometer.metrics",
                "micrometer.core", "dev.imds4j.awssdk", "software.amazon.awssdk.auth",
                "software.amazon.awssdk.regions");
    }
}
