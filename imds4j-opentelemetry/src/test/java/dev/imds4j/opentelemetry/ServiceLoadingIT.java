/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.opentelemetry.probe.PrintResource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar in a real JVM, found by autoconfiguration's service loader with no test hooks:
 * on the class path through {@code META-INF/services}, on the module path through {@code
 * provides}. The child's IMDS endpoint is the emulator, set through the usual variable.
 */
final class ServiceLoadingIT {
    private ImdsEmulator emulator;

    @BeforeEach
    void start() throws IOException {
        emulator = ImdsEmulator.start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static Path packagedJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"),
                "imds4j-opentelemetry-*.jar")) {
            for (Path jar : jars) {
                if (!jar.toString().endsWith("-sources.jar")
                        && !jar.toString().endsWith("-javadoc.jar")) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no packaged jar under target/: run after package");
    }

    private List<String> run(List<String> javaOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        // The budget is for IMDS, not for a cold JVM on a loaded machine: this test is about
        // discovery, so give it room.
        command.add("-D" + Ec2ResourceProvider.TIMEOUT + "=30s");
        command.add(PrintResource.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_EC2_METADATA_SERVICE_ENDPOINT", emulator.endpoint().toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not exit within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().collect(Collectors.toList());
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void classPath_autoconfigurationFindsTheProvider() throws Exception {
        List<Path> cp = new ArrayList<>(Jars.runtime(packagedJar()));
        cp.add(Path.of("target/test-classes"));

        List<String> out = run(List.of("-cp", join(cp)));

        assertThat(out).contains("cloud.platform=aws_ec2", "host.id=i-0b22a22eec53b9321",
                "cloud.availability_zone=eu-west-1a", "provider-module=null");
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
    }

    @Test
    void modulePath_autoconfigurationFindsTheProvider() throws Exception {
        List<String> out = run(List.of("--module-path", join(Jars.runtime(packagedJar())),
                "--add-modules", "ALL-MODULE-PATH", "-cp", "target/test-classes"));

        assertThat(out).contains("cloud.platform=aws_ec2", "host.id=i-0b22a22eec53b9321",
                "host.arch=amd64", "provider-module=dev.imds4j.opentelemetry");
        assertThat(emulator.tokenRequestCount()).isEqualTo(1);
    }
}
