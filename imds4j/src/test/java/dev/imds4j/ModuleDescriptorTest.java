/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class ModuleDescriptorTest {
    @Test
    void module_exportsOnlyItsPackage_andRequiresOnlyJavaBase() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j").orElseThrow().descriptor();

        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.imds4j");
        assertThat(module.exports()).allMatch(e -> !e.isQualified());
        assertThat(module.opens()).isEmpty();
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .containsExactly("java.base");
    }
}
