/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a user runs it: {@code java -jar target/imds4j-emulator.jar}. */
final class StandaloneJarIT {
    private static final Path JAR = Path.of("target/imds4j-emulator.jar");

    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile()).start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr"), UTF_8);
    }

    @Test
    void jar_servesAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(JAR).exists();
        Process process = start("--port", "0");
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), UTF_8));
            String first = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(first).as("the jar's first line, within 30 s")
                    .startsWith("listening on http://127.0.0.1:");
            URI endpoint = URI.create(first.substring("listening on ".length()));

            String token = RawHttp.token(endpoint, 60);
            assertThat(RawHttp.get(endpoint, "/latest/meta-data/instance-id", token).text())
                    .isEqualTo("i-0b22a22eec53b9321");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(stderr()).isEqualTo("imds4j-emulator: stopped\n");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void jar_badConfig_exit2WithOneLine() throws Exception {
        Path config = dir.resolve("imds.json");
        Files.writeString(config, "{\"httpTokens\": 3}");
        Process process = start("--config", config.toString());
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr()).startsWith("imds4j-emulator: " + config + ":1: httpTokens")
                .hasLineCount(1);
        assertThat(process.getInputStream().readAllBytes()).isEmpty();
    }
}
