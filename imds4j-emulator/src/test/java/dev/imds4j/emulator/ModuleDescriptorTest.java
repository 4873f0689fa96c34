/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class ModuleDescriptorTest {
    @Test
    void module_exportsOnlyItsPackage_andNeverRequiresTheClient() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.emulator").orElseThrow().descriptor();

        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.imds4j.emulator");
        assertThat(module.exports()).allMatch(e -> !e.isQualified());
        assertThat(module.opens()).isEmpty();
        Set<String> requires = module.requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertThat(requires).containsExactlyInAnyOrder("java.base", "jdk.httpserver",
                "com.fasterxml.jackson.core", "com.fasterxml.jackson.jr.ob");
    }
}
