/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ModuleDescriptorTest {
    @Test
    void module_exportsOnlyItsPackage() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.junit").orElseThrow().descriptor();

        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.imds4j.junit");
        assertThat(module.exports()).allMatch(e -> !e.isQualified());
        assertThat(module.opens()).isEmpty();
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("java.base", "dev.imds4j.emulator",
                        "org.junit.jupiter.api");
        // a test that uses the extension names the emulator's and JUnit's types: both come along
        assertThat(module.requires()).filteredOn(r -> r.modifiers().contains(
                ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .extracting(ModuleDescriptor.Requires::name)
                .containsExactlyInAnyOrder("dev.imds4j.emulator", "org.junit.jupiter.api");
    }
}
