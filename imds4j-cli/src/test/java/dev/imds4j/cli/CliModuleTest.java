package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class CliModuleTest {
    @Test
    void module_exportsNothing() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("dev.imds4j.cli").orElseThrow().descriptor();

        assertThat(module.exports()).isEmpty();
        assertThat(module.requires()).extracting(ModuleDescriptor.Requires::name)
                .contains("dev.imds4j", "dev.imds4j.emulator", "org.apache.commons.cli");
    }
}
