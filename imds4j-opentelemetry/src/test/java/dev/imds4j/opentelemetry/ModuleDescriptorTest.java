/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the module exports and provides, and that the service loader finds the provider. */
final class ModuleDescriptorTest {
    private static final String SPI = "io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider";
    private static final String PROVIDER = "dev.imds4j.opentelemetry.Ec2ResourceProvider";

    @Test
    void module_exportsOnlyItsPackageAndProvidesTheResourceProvider() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.opentelemetry").orElseThrow().descriptor();

        assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.imds4j.opentelemetry");
        assertThat(module.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo(SPI);
            assertThat(p.providers()).containsExactly(PROVIDER);
        });
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .contains("dev.imds4j", "io.opentelemetry.sdk.autoconfigure.spi");
    }

    @Test
    void serviceLoader_classPath_findsTheProviderThroughMetaInfServices() {
        List<String> found = ServiceLoader.load(ResourceProvider.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList());

        assertThat(found).contains(PROVIDER);
        assertThat(Ec2ResourceProvider.class.getModule().isNamed()).isFalse();
    }

    @Test
    void serviceLoader_modulePath_findsTheProviderThroughProvides() throws Exception {
        ModuleFinder modulePath = ModuleFinder.of(Jars.runtime(Path.of("target/classes"))
                .toArray(Path[]::new));
        Configuration graph = ModuleLayer.boot().configuration().resolveAndBind(modulePath,
                ModuleFinder.of(), Set.of("dev.imds4j.opentelemetry"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(graph,
                ClassLoader.getPlatformClassLoader());
        Class<?> spi = layer.findLoader("io.opentelemetry.sdk.autoconfigure.spi").loadClass(SPI);

        List<? extends ServiceLoader.Provider<?>> found = ServiceLoader.load(layer, spi).stream()
                .collect(Collectors.toList());

        assertThat(found).filteredOn(p -> p.type().getName().startsWith("dev.imds4j."))
                .singleElement().satisfies(p -> {
            assertThat(p.type().getName()).isEqualTo(PROVIDER);
            assertThat(p.type().getModule().getName()).isEqualTo("dev.imds4j.opentelemetry");
            assertThat(p.get()).isNotNull();
        });
    }
}
