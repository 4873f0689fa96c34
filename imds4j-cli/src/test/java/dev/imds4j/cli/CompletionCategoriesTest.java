/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.emulator.InstanceFeature;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion script's list of documented categories against the emulator's, which was
 * transcribed separately from the same AWS tables: every path an instance with every feature
 * serves must be reachable by completion, from the list or from a folder the script lists live.
 */
@Timeout(120)
@ImdsEmulatorTest
final class CompletionCategoriesTest {
    /** Prints "MISSING path" for each path on stdin that completion cannot reach. */
    private static final String CHECK = """
            source ./imds.bash
            words=(true) cword=1   # a live listing runs 'true': prints nothing
            while IFS= read -r path; do
                folder="" rest="$path"
                while [[ "$rest" == */* ]]; do
                    kids="$(_imds_children "$folder")"
                    [[ -z "$kids" ]] && continue 2
                    grep -qxF -- "${rest%%/*}/" <<< "$kids" || { echo "MISSING $path"; continue 2; }
                    folder+="${rest%%/*}/"
                    rest="${rest#*/}"
                done
                kids="$(_imds_children "$folder")"
                [[ -z "$kids" ]] || grep -qxF -- "$rest" <<< "$kids" || echo "MISSING $path"
            done < paths
            echo checked
            """;

    @TempDir
    Path dir;

    @Test
    void everyServedPath_isOfferedOrListedLive(ImdsEmulator emulator) throws Exception {
        List<String> paths = new ArrayList<>();
        for (InstanceFeature feature : InstanceFeature.values()) {
            emulator.feature(feature, true);
        }
        CliRun tree = CliRun.at(emulator.endpoint(), CliRun.PATIENT, "tree", "/latest/");
        assertThat(tree.code()).as(tree.stderr()).isZero();
        for (String line : tree.out().split("\n")) {
            paths.add(line.substring("/latest/".length(), line.indexOf(" = ")));
        }
        assertThat(paths).hasSizeGreaterThan(70).contains("meta-data/ipv6", "user-data");
        Files.write(dir.resolve("paths"), paths);
        Files.write(dir.resolve("imds.bash"), CliRun.run(Map.of(), "completion").stdout());
        try (Shell bash = Shell.pipe(dir, Shell.environment(dir), "bash", "-c", CHECK)) {
            assertThat(bash.exit(Duration.ofSeconds(60))).isZero();
            assertThat(bash.output()).isEqualTo("checked\n");
        }
    }

    @Test
    void featureValues_areTheEmulatorsFeatures() {
        String script = CliRun.run(Map.of(), "completion").out();
        int at = script.indexOf("--feature) values=\"");
        assertThat(at).as("the --feature case in the script").isPositive();
        String values = script.substring(at + "--feature) values=\"".length(),
                script.indexOf('"', at + "--feature) values=\"".length()));
        List<String> names = new ArrayList<>();
        for (InstanceFeature f : InstanceFeature.values()) {
            names.add(f.configName());
        }
        assertThat(values.trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(names);
    }
}
