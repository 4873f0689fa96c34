/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off EC2 the detector costs nothing it can avoid: in a fresh JVM, a detection on a host that is
 * not EC2 loads no JSON class and leaves no thread of the client behind.
 */
final class OffEc2CostIT {
    @TempDir
    Path dir;

    @Test
    void detect_notEc2_loadsNoJsonClassAndStartsNoThread() throws Exception {
        Path root = dir.resolve("root");
        Hosts.vendor(root, "QEMU");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // a config file that is there, as on most hosts: the detector reads it to be sure that
        // no endpoint is configured
        Path config = Files.writeString(dir.resolve("config"), "[default]\nregion = eu-west-1\n");
        Path classLog = dir.resolve("classes.log");
        List<Path> cp = new ArrayList<>(Jars.runtime(Path.of("target/classes")));
        cp.add(Path.of("target/test-classes"));
        String classPath = cp.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", classPath,
                OffEc2Probe.class.getName(), root.toString(), "http://127.0.0.1:" + closed,
                config.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not exit within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(out).contains("attributes=0").doesNotContain("thread=imds4j-");
        List<String> loaded = Files.readAllLines(classLog);
        assertThat(loaded).as("classes loaded")
                .anyMatch(l -> l.contains(" dev.imds4j.opentelemetry.Ec2ResourceDetector "))
                .noneMatch(l -> l.contains(" dev.imds4j.JsonReader"))
                .noneMatch(l -> l.contains(" dev.imds4j.JsonDocument "))
                .as("the AWS config file is read without NIO channels")
                .noneMatch(l -> l.contains(" java.nio.channels.FileChannel "));
    }
}
