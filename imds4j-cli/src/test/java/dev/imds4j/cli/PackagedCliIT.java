/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.imds4j.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command as users run it: the jar, and the bin/imds launcher. */
final class PackagedCliIT {
    private static final Path JAR = Path.of("target/imds.jar");
    private static final Path LAUNCHER = Path.of(System.getProperty("imds4j.root"), "bin", "imds");

    private record Result(int code, String out, String err) {}

    @TempDir
    Path dir;

    /** Runs {@code command} with its output in files, so that only the exit is waited for. */
    private Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(CliRun.PATIENT); // a loaded machine may miss the 1 s default
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("no exit within 30 s: " + command + "; stderr: "
                    + Files.readString(err, UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, UTF_8),
                Files.readString(err, UTF_8));
    }

    private static List<String> java(String... args) {
        List<String> c = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString()));
        c.addAll(List.of(args));
        return c;
    }

    @Test
    void jar_emulatorGet() throws Exception {
        Result r = run(java("--emulator", "get", "/latest/meta-data/ami-id"));
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ami-0c1c30571d2dae5c9");
    }

    @Test
    void jar_notFoundExitCode() throws Exception {
        Result r = run(java("--emulator", "get", "/latest/meta-data/none"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).startsWith("imds: GET /latest/meta-data/none at http://127.0.0.1:")
                .hasLineCount(1);
    }

    @Test
    void launcher_oneWordCommand() throws Exception {
        List<String> c = new ArrayList<>(List.of(LAUNCHER.toString(), "--emulator", "identity"));
        Result r = run(c);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"instanceId\" : \"i-0b22a22eec53b9321\"");
    }

    @Test
    void serve_stopsOnSigterm_withTheSignalsStatus() throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(java("serve", "--port", "0")).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        try {
            p.getOutputStream().close();
            // polled from a file, never a blocking read: a silent child must fail, not hang
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out, UTF_8).contains("\n") && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(out, UTF_8)).as("its first line; stderr: %s",
                    Files.readString(err, UTF_8)).startsWith("listening on http://");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s of SIGTERM")
                    .isTrue();
            // 128 + 15, as for any command SIGTERM ends: neither 0 nor a hang
            assertThat(p.exitValue()).as(Files.readString(err, UTF_8)).isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void jar_exitCodeWithoutOutputLeftBehind() throws Exception {
        // main halts rather than exits: every byte written must still arrive, on both streams
        Result r = run(java("--emulator", "get", "/latest/meta-data/ami-id",
                "/latest/meta-data/none"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("ami-0c1c30571d2dae5c9");
        assertThat(r.err()).contains("/latest/meta-data/none").endsWith("\n");
    }
}
