/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ModuleDescriptorTest {
    @Test
    void module_exportsNothing_andRequiresTheClientTheEmulatorAndItsParsers() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.cli").orElseThrow().descriptor();

        assertThat(module.exports()).isEmpty();
        assertThat(module.opens()).isEmpty();
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "dev.imds4j", "dev.imds4j.emulator",
                        "org.apache.commons.cli", "com.fasterxml.jackson.jr.ob");
    }
}
