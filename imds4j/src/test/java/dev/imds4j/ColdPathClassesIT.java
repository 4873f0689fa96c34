/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.imds4j.emulator.ImdsEmulator;
import dev.imds4j.junit.ImdsEmulatorTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh JVM's first token, value, identity document and credentials load none of the JDK
 * classes whose first use costs a short process milliseconds (measured in docs/benchmarks.md):
 * {@code BigDecimal}, regular expressions, {@code java.time.format}, and, since every call here
 * is synchronous on one thread, {@code CompletableFuture} (with the common {@code ForkJoinPool}
 * its initialiser sets up) and NIO file channels (the AWS config file and firmware files are
 * read with plain streams). Only the start-up
 * benchmarks would notice one coming back otherwise. Not checked: the default logger's lookup
 * ({@code System.getLogger}, a service search), which a client given no logger makes on its
 * first call so that each attempt can be traced at DEBUG.
 */
@ImdsEmulatorTest
final class ColdPathClassesIT {
    private static final List<String> COSTLY = List.of("java.math.BigDecimal",
            "java.util.regex.Pattern", "java.time.format.DateTimeFormatter",
            "java.util.concurrent.CompletableFuture", "java.util.concurrent.ForkJoinPool",
            "java.nio.channels.FileChannel");

    @TempDir
    Path dir;

    @Test
    void firstCalls_loadNoCostlyJdkClass(ImdsEmulator emulator) throws Exception {
        List<String> baseline = loaded("baseline", List.of());
        List<String> probe = loaded("probe", List.of(emulator.endpoint().toString()));
        assertThat(probe).as("the probe ran the client")
                .contains("dev.imds4j.JsonReader", "dev.imds4j.Token");
        for (String costly : COSTLY) {
            // a JDK that loads one by itself leaves nothing to check for it
            assumeThat(baseline).as("the JVM alone loads %s", costly).doesNotContain(costly);
            assertThat(probe).as("classes the client's first calls loaded").doesNotContain(costly);
        }
    }

    /** The names of the classes a fresh JVM running the probe with {@code args} loaded. */
    private List<String> loaded(String name, List<String> args) throws Exception {
        Path log = dir.resolve(name + ".classes");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp",
                String.join(File.pathSeparator, "target/classes", "target/test-classes"),
                ColdPathProbe.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("AWS_CONFIG_FILE", Files.createFile(dir.resolve(name + ".config"))
                .toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the " + name + " JVM did not exit within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] fields = line.split(" ");
            if (fields.length > 1) {
                names.add(fields[1]);
            }
        }
        return names;
    }
}
